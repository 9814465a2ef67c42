import BenchSupport
import Chain
import Crypto
import Foundation
import Histogram
import Ledger
import LodestoneWire
import Matching
import Primitives
import ZeroMQ

/// What one market maker saw.
struct MakerResults {
    var submitted = 0
    var accepted = 0
    var rejected: [String: Int] = [:]
    var fills = 0
    /// Microseconds from send to Ack, and from send to the first Fill report of the order.
    var ackLatencyUs = Histogram<UInt64>(highestTrackableValue: 60_000_000)
    var fillLatencyUs = Histogram<UInt64>(highestTrackableValue: 600_000_000)

    mutating func merge(_ other: MakerResults) {
        submitted += other.submitted
        accepted += other.accepted
        fills += other.fills
        other.rejected.forEach { rejected[$0.key, default: 0] += $0.value }
        ackLatencyUs.add(other.ackLatencyUs)
        fillLatencyUs.add(other.fillLatencyUs)
    }
}

/// One simulated market maker on its own thread and DEALER connection: subscribes to its
/// execution reports, splits its coins into lanes and signs its orders before the clock
/// starts (market makers sign on their own machines; here they share the node's cores),
/// then sends one-lot orders at a fixed rate, alternating sides at the mid so makers trade
/// with each other, and times acks and fills. An order whose lane was rewound after a
/// refusal is signed again at send time.
final class MarketMaker: @unchecked Sendable {
    static let receiveLimits = try! ZMQReceiveLimits(maxFrames: 4, maxTotalBytes: 8 << 20)
    /// Messages the connection buffers on this side before the gateway's outbox to it fills
    /// (the gateway cuts off a client whose outbox stays full, code 7215). A block's reports
    /// arrive as a burst (several per order of a 10,000-order block); this holds bursts of
    /// that size while the maker is sending (about 25 MiB of reports at most).
    static let receivedBacklogMax = 100_000
    /// Most messages handled between two sends, so a report burst delays a due send by at
    /// most this many decodes (about a millisecond); the rest are read after it.
    static let receivedPerTurnMax = 512
    /// Longest one wait for answers while nothing is due (the drain's deadline is checked
    /// at least this often).
    static let waitMsMax = 10

    private var chain: OrderChain
    private let socket: ZMQSocket
    /// The socket's readability: the maker waits on it, not on a timer, so reports are read
    /// as they arrive.
    private var poller = ZMQPoller()
    private let intervalNs: UInt64
    /// Orders per request: 1 sends Place requests, more send Batches of Places.
    private let batchSize: Int
    /// Orders per transaction (each Place carries one transaction).
    private let ordersPerTransaction: Int
    private let midTicks: UInt64
    private(set) var results = MakerResults()
    private var sentAt: [String: (ns: UInt64, spent: OrderChain.Spent)] = [:]
    private var orderSentAt: [Data: UInt64] = [:]
    private var count = 0
    /// Orders signed ahead of sending, oldest first; `next` is the one to send.
    private var presigned: [(side: Side, encoded: Data, orderIDs: [Hash256], spent: OrderChain.Spent)] = []
    private var next = 0

    init(
        chain: OrderChain, context: ZMQContext, endpoint: String, ratePerSecond: Double, midTicks: UInt64, batchSize: Int,
        ordersPerTransaction: Int
    ) throws {
        self.batchSize = batchSize
        self.ordersPerTransaction = ordersPerTransaction
        self.chain = chain
        socket = try ZMQSocket(context, type: .dealer)
        try socket.setOption(.receiveTimeoutMs, 5_000)
        try socket.setOption(.receiveHighWaterMark, Self.receivedBacklogMax)
        try socket.connect(endpoint)
        intervalNs = UInt64(1e9 / max(ratePerSecond, 0.001))
        self.midTicks = midTicks
        try poller.register(socket, for: .readable)
    }

    /// Proves ownership of the key (challenge, then signature) so fills are reported here.
    func subscribeReports() throws {
        var request = Lodestone_V1_Request()
        request.clientOrderID = "subscribe-1"
        request.subscribeReports.publicKey = Data(chain.key.publicKey.bytes)
        let challenge = try exchange(request).challenge.nonce
        var message = chain.config.chainID.bytes + [UInt8](challenge)
        message += chain.key.publicKey.bytes
        let digest = chain.config.suite.hash(.reportSubscribe, message)
        request.clientOrderID = "subscribe-2"
        request.subscribeReports.challenge = challenge
        request.subscribeReports.signature = Data(try chain.config.suite.sign(digest.bytes, with: chain.key).bytes)
        let response = try exchange(request)
        guard case .ack = response.result else { throw LoadgenError("report subscription refused: \(response)") }
    }

    /// Splits the coins into lanes (each split acknowledged before any order) and signs the
    /// first `transactions` transactions of `ordersPerTransaction` orders.
    func prepare(transactions: Int) throws {
        for (index, split) in try chain.splitIntoLanes().enumerated() {
            var request = Lodestone_V1_Request()
            request.clientOrderID = "split-\(index)"
            request.place.transaction = Data(split.canonicalBytes)
            let response = try exchange(request)
            guard case .ack = response.result else { throw LoadgenError("lane split refused: \(response)") }
        }
        presigned.reserveCapacity(transactions)
        for number in 1...max(1, transactions) {
            let side = Self.side(ofOrder: number)
            let (transaction, orderIDs, spent) = try chain.orders(side: side, ticks: midTicks, lots: 1, count: ordersPerTransaction)
            // Encoded ahead too: sending costs the maker's loop as little as it can.
            presigned.append((side, Data(transaction.canonicalBytes), orderIDs, spent))
        }
    }

    /// Makers alternate sides so that they trade with each other.
    static func side(ofOrder number: Int) -> Side { number % 2 == 0 ? .buy : .sell }

    private func exchange(_ request: Lodestone_V1_Request) throws -> Lodestone_V1_Response {
        try Self.exchange(request, on: socket)
    }

    /// Sends `request` and returns its response, skipping reports and other answers on the
    /// way (a maker's connection, and `CoinQuery`'s).
    static func exchange(_ request: Lodestone_V1_Request, on socket: ZMQSocket) throws -> Lodestone_V1_Response {
        try socket.send(ZMQMessage(try request.wireBytes()))
        while let message = try socket.receive(limits: receiveLimits) {
            let server = try Lodestone_V1_ServerMessage(wireBytes: message.frames[0])
            if case .response(let response) = server.kind, response.clientOrderID == request.clientOrderID { return response }
        }
        throw LoadgenError("no answer to \(request.clientOrderID)")
    }

    /// Sends at the configured rate until `deadlineNs`, then drains answers until `drainNs`.
    /// One loop both sends and reads (a ZeroMQ socket belongs to one thread): every turn
    /// sends what is due, then handles what arrived (at most `receivedPerTurnMax`), then
    /// waits on the socket until the next send is due. A maker behind its rate still reads
    /// between sends, and a burst of reports is read as it arrives instead of after a sleep,
    /// so the gateway's outbox to it does not fill.
    func run(deadlineNs: UInt64, drainNs: UInt64) throws {
        var nextSendNs = Monotonic.nowNs()
        while true {
            var now = Monotonic.nowNs()
            guard now < drainNs else { return }
            if now < deadlineNs && now >= nextSendNs {
                try sendOrders()
                nextSendNs += intervalNs * UInt64(batchSize * ordersPerTransaction)
            }
            var handled = 0
            while handled < Self.receivedPerTurnMax, let message = try socket.receive(limits: Self.receiveLimits, .dontWait) {
                try handle(message.frames[0])
                handled += 1
            }
            now = Monotonic.nowNs()
            let sending = now < deadlineNs
            // More to read, or a send due: no wait.
            guard handled < Self.receivedPerTurnMax, !sending || now < nextSendNs else { continue }
            let untilNs = sending ? min(nextSendNs, deadlineNs) : drainNs
            // Whole milliseconds, rounded up rather than spin on the cores the node is
            // measured on: a send goes out up to a millisecond late, and the turns after it
            // send without waiting until the rate is caught up.
            guard untilNs > now else { continue }
            let waitMs = min(Self.waitMsMax, Int((untilNs - now + 999_999) / 1_000_000))
            _ = try poller.poll(timeoutMs: waitMs)
        }
    }

    /// Sends the next `batchSize` transactions (of `ordersPerTransaction` orders each): one
    /// Place request, or a Batch of them.
    private func sendOrders() throws {
        let now = Monotonic.nowNs()
        var places = [Lodestone_V1_Request]()
        for _ in 0..<batchSize {
            count += 1
            let (encoded, orderIDs, spent) = try nextOrder()
            var place = Lodestone_V1_Request()
            place.clientOrderID = "o\(count)"
            place.place.transaction = encoded
            sentAt[place.clientOrderID] = (now, spent)
            for orderID in orderIDs { orderSentAt[Data(orderID.bytes)] = now }
            places.append(place)
        }
        var request = places[0]
        if batchSize > 1 {
            var batch = Lodestone_V1_Batch()
            batch.requests = places
            request = Lodestone_V1_Request(clientOrderID: "b\(count)", .batch(batch))
        }
        try socket.send(ZMQMessage(try request.wireBytes()))
        results.submitted += places.count * ordersPerTransaction
    }

    /// The next presigned order, or a freshly signed one when they ran out or the order's
    /// lane was rewound since it was signed.
    private func nextOrder() throws -> (Data, [Hash256], OrderChain.Spent) {
        if next < presigned.count {
            let order = presigned[next]
            next += 1
            if chain.isCurrent(order.spent) { return (order.encoded, order.orderIDs, order.spent) }
        }
        let (transaction, orderIDs, spent) = try chain.orders(
            side: Self.side(ofOrder: count), ticks: midTicks, lots: 1, count: ordersPerTransaction)
        return (Data(transaction.canonicalBytes), orderIDs, spent)
    }

    /// Counts one transaction's answer (in orders); a refusal rewinds its lane.
    private func count(_ response: Lodestone_V1_Response, nowNs: UInt64) {
        guard let sent = sentAt.removeValue(forKey: response.clientOrderID) else { return }
        if case .reject(let reject) = response.result {
            results.rejected[reject.name, default: 0] += ordersPerTransaction
            chain.rewind(to: sent.spent)
        } else {
            results.accepted += ordersPerTransaction
            _ = results.ackLatencyUs.record((nowNs - sent.ns) / 1_000)
        }
    }

    private func handle(_ frame: [UInt8]) throws {
        let message = try Lodestone_V1_ServerMessage(wireBytes: frame)
        let now = Monotonic.nowNs()
        switch message.kind {
        case .response(let response):
            if case .batch(let batch) = response.result {
                for inner in batch.responses { count(inner, nowNs: now) }
            } else {
                count(response, nowNs: now)
            }
        case .report(let report):
            guard case .fill(let fill) = report.kind, let sent = orderSentAt.removeValue(forKey: fill.orderID) else { return }
            results.fills += 1
            _ = results.fillLatencyUs.record((now - sent) / 1_000)
        case .subscriptionEnded(let ended):
            // Fill latencies would silently stop being measured.
            throw LoadgenError("report subscription ended: \(ended.reason.name) (\(ended.reason.code)): \(ended.reason.text)")
        case nil:
            return
        }
    }
}
