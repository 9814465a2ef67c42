import Chain
import Crypto
import Foundation
import Ledger
import LodestoneWire
import Primitives

/// A request turned into pool work: the items to admit, in order, what the block thread
/// must note or read for the answer, and how the results become the request's response.
///
/// The block thread does only the first part (see `PoolAnswer`): it remembers admitted
/// transactions' client order IDs and reads a status query's facts, both of which must be done
/// against the state the results were judged in. The response message is built and encoded
/// later, on the gateway thread, by `respond`.
struct RequestPlan: Sendable {
    var items: [PoolItem]
    /// Per item: the client order ID to remember with a transaction the pool admits, so its
    /// reports carry it (noted before the next block can include it); nil for a cancel.
    var acknowledgements: [String?]
    /// A status query's target, read on the block thread; nil for every other request.
    var statusTarget: Lodestone_V1_StatusQuery.OneOf_Target?
    /// The response, built on the gateway thread from the results and the status read.
    let respond: @Sendable (_ results: ArraySlice<PoolResult>, _ status: StatusFacts?) -> Lodestone_V1_Response

    init(
        items: [PoolItem], acknowledgements: [String?]? = nil, statusTarget: Lodestone_V1_StatusQuery.OneOf_Target? = nil,
        respond: @escaping @Sendable (ArraySlice<PoolResult>, StatusFacts?) -> Lodestone_V1_Response
    ) {
        self.items = items
        self.acknowledgements = acknowledgements ?? Array(repeating: nil, count: items.count)
        self.statusTarget = statusTarget
        self.respond = respond
        assert(self.acknowledgements.count == items.count, "one acknowledgement slot per item")
    }

    /// A response known at once (a refusal): no pool work.
    static func now(_ response: Lodestone_V1_Response) -> RequestPlan {
        RequestPlan(items: []) { _, _ in response }
    }

    /// One pool item answered by an ack built from its ID, or by its refusal; a transaction's
    /// ID is remembered with `acknowledging` (its client order ID) once admitted.
    static func single(
        _ item: PoolItem, clientOrderID: String, acknowledging: String? = nil, ack: @escaping @Sendable (Hash256) -> Lodestone_V1_Ack
    ) -> RequestPlan {
        RequestPlan(items: [item], acknowledgements: [acknowledging]) { results, _ in
            switch results.first {
            case .success(let id)?: .ack(clientOrderID, ack(id))
            case .failure(let rejection)?: .reject(clientOrderID, rejection)
            case nil: .reject(clientOrderID, Rejection(GatewayError(.busy, "the node returned no result")))
            }
        }
    }

    /// Several plans run as one job; their responses go into one batch result, in order.
    /// Status queries are not batched, so the parts read no status.
    static func batch(_ plans: [RequestPlan], clientOrderID: String) -> RequestPlan {
        assert(plans.allSatisfy { $0.statusTarget == nil }, "a status query is never batched")
        let counts = plans.map(\.items.count)
        return RequestPlan(items: plans.flatMap(\.items), acknowledgements: plans.flatMap(\.acknowledgements)) { results, _ in
            var start = results.startIndex
            var responses = [Lodestone_V1_Response]()
            for (plan, count) in zip(plans, counts) {
                responses.append(plan.respond(results[start..<start + count], nil))
                start += count
            }
            var batch = Lodestone_V1_BatchResult()
            batch.responses = responses
            var response = Lodestone_V1_Response()
            response.clientOrderID = clientOrderID
            response.result = .batch(batch)
            return response
        }
    }
}

/// What the block thread hands back for one job: the raw results and what it read for them;
/// the gateway thread builds and encodes the response from it.
struct PoolAnswer: Sendable {
    /// The client's routing ID.
    let identity: [UInt8]
    let plan: RequestPlan
    /// One per item of the plan, in order.
    let results: [PoolResult]
    /// The status read, for a status query.
    let status: StatusFacts?
}

extension Lodestone_V1_Response {
    static func ack(_ clientOrderID: String, _ ack: Lodestone_V1_Ack) -> Self {
        var response = Self()
        response.clientOrderID = clientOrderID
        response.result = .ack(ack)
        return response
    }

    static func reject(_ clientOrderID: String, _ rejection: Rejection) -> Self {
        var response = Self()
        response.clientOrderID = clientOrderID
        response.result = .reject(rejection.wire)
        return response
    }
}

extension Lodestone_V1_Ack {
    /// A placed transaction's ack: its ID, the IDs of the orders it places and its change (every
    /// output that is not an order, at most `WireLimits.maxChangeOutputs`), in output order.
    static func placed(_ checked: CheckedTransaction) -> Self {
        var ack = Self()
        ack.transactionID = checked.id.data
        let outputs = checked.transaction.outputs
        let orderIndices = checked.orderOutputIndices
        ack.orderIds = orderIndices.prefix(WireLimits.maxOrdersPerTransaction).map { checked.outputIDs[$0].data }
        let change = outputs.indices.lazy.filter { !outputs[$0].program.isMagneticOrder }.prefix(WireLimits.maxChangeOutputs)
        ack.change = change.map { Lodestone_V1_Payout(id: checked.outputIDs[$0], index: $0, output: outputs[$0]) }
        return ack
    }

    /// A cancel's ack: the cancelled order's ID.
    static func cancelled(_ orderID: Hash256) -> Self {
        var ack = Self()
        ack.orderIds = [orderID.data]
        return ack
    }
}
