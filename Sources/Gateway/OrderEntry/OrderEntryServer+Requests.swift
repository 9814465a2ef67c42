import Chain
import Crypto
import Foundation
import Ledger
import LodestoneWire
import Primitives

extension OrderEntryServer {
    /// Judges one client message. The client's state is stored before anything is sent,
    /// since a send may cut the client off.
    func handle(identity: [UInt8], frames: [[UInt8]]) {
        var connection = connection(for: identity)
        let answer = judge(frames, identity: identity, connection: &connection)
        connections[identity] = connection
        // After the store: the client's newest recency entry is current only from here on.
        recency.compact(live: connections.count) { connections[$0]?.recency == $1 }
        if let answer { respond(identity, answer) }
    }

    /// Rate first (so garbage costs its sender too), then size and shape, then the body. Every
    /// refusal is answered with a code and changes nothing; nil when the block thread answers.
    /// A refusal before or instead of the full decode echoes the `client_order_id` peeked
    /// from the first frame (O(1)), when it can be read.
    private func judge(_ frames: [[UInt8]], identity: [UInt8], connection: inout Connection) -> Lodestone_V1_Response? {
        func peeked() -> String { frames.first.flatMap(Lodestone_V1_Request.peekClientOrderID) ?? "" }
        guard connection.bucket.take(1, nowMs: nowMs()) else {
            counters.count(\.rateLimited)
            return .reject(peeked(), Rejection(GatewayError(.rateLimited, "over \(settings.ratePerSecond) requests per second")))
        }
        guard frames.count == 1 else {
            return .reject(peeked(), Rejection(GatewayError(.wrongFrameCount, "a request is one frame, got \(frames.count)")))
        }
        let request: Lodestone_V1_Request
        do { request = try Lodestone_V1_Request(wireBytes: frames[0]) } catch {
            return .reject(peeked(), Rejection(error))
        }
        // A batch or mass cancel costs one token per entry (the first is paid above), a coins
        // or balances query by the coins it may read, a burns page or header submission by its size.
        let extra =
            UInt64(max(request.batch.requests.count, request.massCancel.cancels.count, 1) - 1) + Self.queryExtraTokens(request)
            + Self.pegExtraTokens(request)
        guard extra == 0 || connection.bucket.take(extra, nowMs: nowMs()) else {
            counters.count(\.rateLimited)
            return .reject(
                request.clientOrderID, Rejection(GatewayError(.rateLimited, "a request costing \(extra + 1) tokens is over the rate")))
        }
        switch request.body {
        case .subscribeReports(let subscribe)?:
            return answerSubscribe(subscribe, clientOrderID: request.clientOrderID, connection: &connection, identity: identity)
        case .coins(let query)?: return answerCoins(query, clientOrderID: request.clientOrderID)
        case .balances(let query)?: return answerBalances(query, clientOrderID: request.clientOrderID)
        case .burns(let query)?: return answerBurns(query, clientOrderID: request.clientOrderID)
        case .submitHeaders(let submission)?: return answerSubmitHeaders(submission, clientOrderID: request.clientOrderID)
        default: break
        }
        return enqueue(plan(request), identity: identity, clientOrderID: request.clientOrderID)
    }

    /// The client's state, made on first sight. When full, the least recently seen client
    /// without a subscription is forgotten first (amortized O(1)); subscribed clients never
    /// make room for others, and there is always an unsubscribed one, since
    /// `maxSubscribedConnections < maxConnections`.
    private func connection(for identity: [UInt8]) -> Connection {
        if var known = connections[identity] {
            known.recency = recency.touch(identity)
            return known
        }
        // Before this client's own entry exists, so it cannot pick itself.
        if connections.count >= settings.maxConnections {
            let oldest = recency.popOldest { identity, serial in
                guard let connection = connections[identity] else { return false }
                return connection.recency == serial && connection.subscribedKey == nil
            }
            if let oldest { removeConnection(oldest) }
            assert(oldest != nil, "an unsubscribed connection exists while full")
        }
        let bucket = TokenBucket(ratePerSecond: settings.ratePerSecond, burst: settings.burst, nowMs: nowMs())
        return Connection(bucket: bucket, recency: recency.touch(identity))
    }

    /// Hands the plan to the block thread; its results come back through `replies`, and the
    /// gateway thread builds the response (`sendReplies`). On the block thread the job only
    /// notes what must precede the next block and reads a status query's facts.
    private func enqueue(_ plan: RequestPlan, identity: [UInt8], clientOrderID: String) -> Lodestone_V1_Response? {
        guard inFlight < settings.maxInFlight else {
            counters.count(\.busy)
            return .reject(clientOrderID, Rejection(GatewayError(.busy, "\(inFlight) requests in flight")))
        }
        let (replies, reports, wake) = (replies, reports, wake)
        let job = PoolJob(items: plan.items) { results, state in
            precondition(results.count == plan.items.count, "one result per item")
            let admitted = zip(plan.items, zip(plan.acknowledgements, results)).compactMap {
                item, acknowledgement -> (id: Hash256, clientOrderID: String, orderIDs: [Hash256])? in
                guard let clientOrderID = acknowledgement.0, case .success(let id) = acknowledgement.1 else { return nil }
                guard case .transaction(let checked) = item else { return (id, clientOrderID, []) }
                return (id, clientOrderID, checked.orderOutputIndices.map { checked.outputIDs[$0] })
            }
            reports.acknowledged(admitted)
            let status = plan.statusTarget.map { reports.statusFacts(of: $0, state: state) }
            // At most `maxInFlight` jobs are out, and the mailbox holds that many.
            let posted = replies.post(PoolAnswer(identity: identity, plan: plan, results: results, status: status))
            assert(posted, "the reply mailbox holds every job in flight")
            wake.signal()
        }
        guard submit(job) else {
            counters.count(\.busy)
            return .reject(clientOrderID, Rejection(GatewayError(.busy, "the node's queue is full")))
        }
        inFlight += 1
        return nil
    }

    func respond(_ identity: [UInt8], _ response: Lodestone_V1_Response) {
        var message = Lodestone_V1_ServerMessage()
        message.kind = .response(response)
        send(message, to: identity)
    }

    /// The pool work of a validated request (never a subscription).
    func plan(_ request: Lodestone_V1_Request) -> RequestPlan {
        let clientOrderID = request.clientOrderID
        switch request.body {
        case .place(let place)?: return planTransaction(place.transaction, clientOrderID: clientOrderID)
        case .replace(let replace)?: return planTransaction(replace.transaction, clientOrderID: clientOrderID)
        case .cancel(let cancel)?: return planCancel(cancel, clientOrderID: clientOrderID)
        case .massCancel(let mass)?:
            return .batch(mass.cancels.map { planCancel($0, clientOrderID: clientOrderID) }, clientOrderID: clientOrderID)
        case .batch(let batch)?: return planBatch(batch.requests, clientOrderID: clientOrderID)
        case .status(let query)?: return planStatus(query, clientOrderID: clientOrderID)
        case .cancelAll(let message)?: return planCancelAll(message, clientOrderID: clientOrderID)
        case .deadManSwitch(let message)?: return planDeadManSwitch(message, clientOrderID: clientOrderID)
        case .subscribeReports?, .coins?, .balances?, .burns?, .submitHeaders?, nil:
            return .now(.reject(clientOrderID, Rejection(GatewayError(.notBatchable, "not pool work"))))
        }
    }

    private func planTransaction(_ bytes: Data, clientOrderID: String) -> RequestPlan {
        // The edge: decoded and checked here once (its bytes kept, ID, size, output IDs),
        // carried to the pool, the journal, the block and this request's ack.
        let checked: CheckedTransaction
        do { checked = try CheckedTransaction.decode([UInt8](bytes), config: config) } catch {
            return .now(.reject(clientOrderID, Rejection(error)))
        }
        return .single(.transaction(checked), clientOrderID: clientOrderID, acknowledging: clientOrderID) { _ in
            .placed(checked)
        }
    }

    private func planCancel(_ cancel: Lodestone_V1_Cancel, clientOrderID: String) -> RequestPlan {
        let request: CancelRequest
        do {
            request = CancelRequest(orderID: try Hash256(bytes: cancel.orderID), signature: try Signature(bytes: [UInt8](cancel.signature)))
        } catch {
            return .now(.reject(clientOrderID, Rejection(GatewayError(.badField, "\(error)"))))
        }
        return .single(.cancel(request), clientOrderID: clientOrderID) { .cancelled($0) }
    }

    /// Each request judged in order as if sent alone; a repeated `client_order_id` or a kind
    /// that cannot be batched is refused in its place without stopping the others.
    private func planBatch(_ requests: [Lodestone_V1_Request], clientOrderID: String) -> RequestPlan {
        var seen = Set<String>()
        let plans = requests.map { request -> RequestPlan in
            guard seen.insert(request.clientOrderID).inserted else {
                return .now(
                    .reject(
                        request.clientOrderID,
                        Rejection(GatewayError(.duplicateClientOrderID, "\(request.clientOrderID) repeats in this batch"))))
            }
            switch request.body {
            case .place?, .replace?, .cancel?: return plan(request)
            default:
                return .now(
                    .reject(request.clientOrderID, Rejection(GatewayError(.notBatchable, "only place, cancel and replace go in a batch"))))
            }
        }
        return .batch(plans, clientOrderID: clientOrderID)
    }

    /// Read on the block thread, where the books are; answered on the gateway thread.
    private func planStatus(_ query: Lodestone_V1_StatusQuery, clientOrderID: String) -> RequestPlan {
        RequestPlan(items: [], statusTarget: query.target) { _, status in
            var response = Lodestone_V1_Response()
            response.clientOrderID = clientOrderID
            if let status { response.result = .status(status.wire) }
            return response
        }
    }
}
