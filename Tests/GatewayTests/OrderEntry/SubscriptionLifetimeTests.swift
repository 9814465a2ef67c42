import Chain
import Crypto
import Foundation
import LodestoneWire
import Testing
import ZeroMQ

@testable import Gateway

@Suite("Order-entry gateway: report subscriptions survive other clients, are bounded, and end with a notice", .serialized)
struct SubscriptionLifetimeTests {
    static let waitMs = GatewayNode.waitMs

    func reject(_ response: Lodestone_V1_Response) -> Lodestone_V1_Reject? {
        if case .reject(let reject)? = response.result { reject } else { nil }
    }

    /// A status query that changes nothing, to be seen by the gateway.
    static let touch = Lodestone_V1_Request(clientOrderID: "touch", .status(.order(9)))

    @Test("a subscriber seen least recently still gets its report after more than max_connections other clients came and went")
    func subscriberSurvivesChurn() throws {
        let gateway = try GatewayNode { configuration, _ in
            configuration.gatewayMaxConnections = 16
            configuration.gatewayMaxSubscribedConnections = 4
        }
        let seller = try gateway.client()
        #expect(try seller.subscribeReports(key: gateway.trader(1), config: gateway.config, timeoutMs: Self.waitMs).acked != nil)
        let sell = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT").order(
            .sell, price: 30_000_000_000, size: 1_000_000, from: gateway.genesisCoin(gateway.trader(1), asset: "BTC"),
            key: gateway.trader(1))
        #expect(try seller.send(.place(sell, clientOrderID: "sell-1"), timeoutMs: Self.waitMs).ack.orderIds.count == 1)
        // 48 other identities, three times max_connections, each seen after the seller.
        for _ in 0..<48 {
            let other = try gateway.client()
            #expect(try other.send(Self.touch, timeoutMs: Self.waitMs).status.state == .unknown)
            other.close()
        }
        try gateway.produceBlock()
        let report = try #require(try seller.nextReport(timeoutMs: Self.waitMs), "the subscription was forgotten")
        #expect(report.sequence == 1 && report.clientOrderID == "sell-1" && report.accepted.height == 1)
    }

    @Test(
        "a subscription past max_subscribed_connections is refused with subscriptions_full (7214), counted; a subscribed connection may switch keys"
    )
    func subscriptionsBounded() throws {
        let gateway = try GatewayNode { configuration, _ in
            configuration.gatewayMaxConnections = 16
            configuration.gatewayMaxSubscribedConnections = 2
        }
        let first = try gateway.client()
        let second = try gateway.client()
        let third = try gateway.client()
        #expect(try first.subscribeReports(key: gateway.trader(1), config: gateway.config, timeoutMs: Self.waitMs).acked != nil)
        #expect(try second.subscribeReports(key: gateway.trader(2), config: gateway.config, timeoutMs: Self.waitMs).acked != nil)
        let refused = try #require(
            reject(try third.subscribeReports(key: gateway.trader(3), config: gateway.config, timeoutMs: Self.waitMs)))
        #expect(refused.code == 7214 && refused.name == "subscriptions_full" && refused.text.contains("max_subscribed_connections"))
        #expect(try first.subscribeReports(key: gateway.trader(3), config: gateway.config, timeoutMs: Self.waitMs).acked != nil)
        #expect(gateway.node.gatewayCounters?.current.subscriptionsFull == 1)
        #expect(try gateway.status.status(timeoutMs: Self.waitMs).traffic?.gateway?.subscriptionsFull == 1)
    }

    @Test("a subscriber cut off for not reading is told SubscriptionEnded (cut_off 7215, its last sequence) once it reads again")
    func cutOffSubscriberIsTold() throws {
        // No backlog: what does not fit the outbox is dropped at once.
        let (gateway, subscriber) = try Self.outboxOfTwo(backlogBytesMax: 0)
        defer { subscriber.close() }
        let key = GatewayNode.key("trader-1")
        try Self.subscribe(subscriber, key: key, config: gateway.config)
        // Requests it does not read the answers of: two fit, four more are dropped, then the cut.
        let query = try Self.touch.wireBytes()
        for _ in 0..<8 { _ = try subscriber.send(query) }
        Self.waitFor { gateway.server.counters.current.subscriptionsEnded > 0 }
        #expect(gateway.server.counters.current.subscriptionsEnded == 1 && gateway.server.counters.current.cutOffClients == 1)
        // Reading again makes room; the notice waited for it and follows the answers.
        var ended: Lodestone_V1_SubscriptionEnded?
        while ended == nil, let message = try Self.next(subscriber) {
            if case .subscriptionEnded(let notice)? = message.kind { ended = notice }
        }
        let notice = try #require(ended, "no SubscriptionEnded arrived")
        #expect(notice.publicKey == Data(key.publicKey.bytes) && notice.lastSequence == 0)
        #expect((notice.reason.code, notice.reason.name) == (7215, "cut_off") && notice.reason.text.contains("4 messages in a row"))
        #expect(gateway.server.counters.current.subscriptionNoticesLost == 0)
    }

    @Test("a burst larger than the client's outbox waits in its backlog and arrives whole and in order once it reads")
    func burstWaitsInTheBacklog() throws {
        let (gateway, client) = try Self.outboxOfTwo(backlogBytesMax: OrderEntrySettings().backlogBytesMax)
        defer { client.close() }
        // 40 answers against an outbox of two: without the backlog 38 would be lost and the
        // client cut off after 4.
        let count = 40
        for index in 0..<count {
            _ = try client.send(Lodestone_V1_Request(clientOrderID: "q\(index)", .status(.order(9))).wireBytes())
        }
        Self.waitFor { gateway.server.counters.current.backloggedMessages > 0 }
        var received: [String] = []
        while received.count < count, let message = try Self.next(client) { received.append(message.response.clientOrderID) }
        #expect(received == (0..<count).map { "q\($0)" })
        let counters = gateway.server.counters.current
        #expect(counters.backloggedMessages > 0 && counters.droppedMessages == 0 && counters.cutOffClients == 0)
    }

    @Test("past backlog_bytes_max a client that does not read loses messages and is cut off")
    func backlogIsBounded() throws {
        // Room for a few answers only.
        let (gateway, client) = try Self.outboxOfTwo(backlogBytesMax: 64)
        defer { client.close() }
        let query = try Self.touch.wireBytes()
        for _ in 0..<16 { _ = try client.send(query) }
        Self.waitFor { gateway.server.counters.current.cutOffClients > 0 }
        let counters = gateway.server.counters.current
        #expect(counters.cutOffClients == 1 && counters.droppedMessages >= 4 && counters.backloggedMessages >= 1)
    }

    /// An in-process gateway cutting a client off after 4 drops in a row, and a client
    /// connected to it whose outbox is exactly the two messages both high-water marks of 1
    /// allow, with `backlogBytesMax` behind it.
    static func outboxOfTwo(backlogBytesMax: Int) throws -> (StandaloneGateway, ZMQSocket) {
        var settings = OrderEntrySettings()
        settings.endpoint = "inproc://gateway-\(UUID().uuidString)"
        settings.sendHighWaterMark = 1
        settings.cutoffDrops = 4
        settings.backlogBytesMax = backlogBytesMax
        // The client's socket holds the context, so it outlives both.
        let context = try ZMQContext()
        let gateway = try StandaloneGateway(settings: settings, context: context)
        let client = try ZMQSocket(context, type: .dealer)
        try client.setOption(.receiveHighWaterMark, 1)
        try client.connect(gateway.endpoint)
        return (gateway, client)
    }

    /// Polls `condition` until it holds or the wait ends.
    static func waitFor(_ condition: () -> Bool) {
        let deadline = Date(timeIntervalSinceNow: Double(waitMs) / 1_000)
        while !condition(), Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
    }

    /// The next server message within the wait, or nil.
    static func next(_ socket: ZMQSocket) throws -> Lodestone_V1_ServerMessage? {
        var poller = ZMQPoller()
        try poller.register(socket, for: .readable)
        guard try poller.poll(timeoutMs: waitMs)[0].contains(.readable),
            let frame = try socket.receiveFrame(maxBytes: WireLimits.maxServerMessageBytes, .dontWait)
        else { return nil }
        return try Lodestone_V1_ServerMessage(wireBytes: frame)
    }

    /// Both subscription steps on a raw socket (what `OrderEntryClient.subscribeReports` does).
    static func subscribe(_ socket: ZMQSocket, key: any SigningKey, config: ChainConfig) throws {
        var step = Lodestone_V1_SubscribeReports()
        step.publicKey = Data(key.publicKey.bytes)
        _ = try socket.send(Lodestone_V1_Request(clientOrderID: "s1", .subscribeReports(step)).wireBytes())
        let nonce = try #require(try next(socket)).response.challenge.nonce
        let message = OrderEntryServer.subscribeMessage(
            chainID: config.chainID, challenge: [UInt8](nonce), key: key.publicKey, suite: config.suite)
        step.challenge = nonce
        step.signature = Data(try config.suite.sign(message.bytes, with: key).bytes)
        _ = try socket.send(Lodestone_V1_Request(clientOrderID: "s2", .subscribeReports(step)).wireBytes())
        #expect(try #require(try next(socket)).response.acked != nil)
    }

    @Test("a stopping gateway tells each subscriber gateway_stopping (7216) before it closes")
    func stopTellsSubscribers() throws {
        var settings = OrderEntrySettings()
        settings.endpoint = "tcp://127.0.0.1:*"
        let gateway = try StandaloneGateway(settings: settings)
        let client = try OrderEntryClient(endpoint: gateway.endpoint)
        #expect(try client.subscribeReports(key: GatewayNode.key("trader-2"), config: gateway.config, timeoutMs: Self.waitMs).acked != nil)
        gateway.stop()
        do {
            _ = try client.nextReport(timeoutMs: Self.waitMs)
            Issue.record("no subscription end")
        } catch {
            #expect(error.kind == .subscriptionEnded && error.message.contains("gateway_stopping (7216)"))
        }
        #expect(client.subscriptionEnded?.reason.code == 7216 && gateway.server.counters.current.subscriptionsEnded == 1)
    }

    @Test(
        "a message of 2 to 8 frames is answered wrong_frame_count (7207); one of more frames disconnects its sender at the guard, counted")
    func frameCounts() throws {
        var settings = OrderEntrySettings()
        settings.endpoint = "tcp://127.0.0.1:*"
        let gateway = try StandaloneGateway(settings: settings)
        let client = try OrderEntryClient(endpoint: gateway.endpoint)
        let request = try Self.touch.wireBytes()
        for count in [2, 3, 8] {
            try client.sendFrames(Array(repeating: request, count: count))
            let response = try client.response(timeoutMs: Self.waitMs)
            #expect(reject(response)?.code == 7207 && response.reject.text.contains("got \(count)"), "\(count) frames")
        }
        try client.sendFrames(Array(repeating: request, count: 9))
        #expect(throws: GatewayError.self) { try client.response(timeoutMs: 300) }
        // The guard in front of the ROUTER cut it off before libzmq buffered the message.
        #expect(gateway.server.publicGuard?.counters.disconnects(.tooManyFrames) == 1)
        #expect(gateway.server.counters.current.unreadable == 0)
        #expect(try client.send(Self.touch, timeoutMs: Self.waitMs).status.state == .unknown, "served again after reconnecting")
    }
}

extension Lodestone_V1_Response {
    /// The ack, when the response is one.
    var acked: Lodestone_V1_Ack? {
        if case .ack(let ack)? = result { ack } else { nil }
    }
}
