import Chain
import Crypto
import Foundation
import Ledger
import LodestoneWire
import Primitives

/// A request turned into pool work: the items to admit, in order, and how their results
/// (and the state they were judged against) become the request's response.
struct RequestPlan: Sendable {
    var items: [PoolItem]
    let respond: @Sendable (_ results: ArraySlice<PoolResult>, _ state: ChainState) -> Lodestone_V1_Response

    /// A response known at once (a refusal): no pool work.
    static func now(_ response: Lodestone_V1_Response) -> RequestPlan {
        RequestPlan(items: []) { _, _ in response }
    }

    /// One pool item answered by an ack built from its ID, or by its refusal.
    static func single(_ item: PoolItem, clientOrderID: String, ack: @escaping @Sendable (Hash256) -> Lodestone_V1_Ack) -> RequestPlan {
        RequestPlan(items: [item]) { results, _ in
            switch results.first {
            case let .success(id)?: .ack(clientOrderID, ack(id))
            case let .failure(rejection)?: .reject(clientOrderID, rejection)
            case nil: .reject(clientOrderID, Rejection(GatewayError(.busy, "the node returned no result")))
            }
        }
    }

    /// Several plans run as one job; their responses go into one batch result, in order.
    static func batch(_ plans: [RequestPlan], clientOrderID: String) -> RequestPlan {
        let counts = plans.map(\.items.count)
        return RequestPlan(items: plans.flatMap(\.items)) { results, state in
            var start = results.startIndex
            var responses = [Lodestone_V1_Response]()
            for (plan, count) in zip(plans, counts) {
                responses.append(plan.respond(results[start..<start + count], state))
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
    /// A placed transaction's ack: its ID and the IDs of the orders it places, in output order.
    static func placed(_ transaction: Transaction, id: Hash256, suite: any CryptoSuite) -> Self {
        var ack = Self()
        ack.transactionID = id.data
        let orderIndices = transaction.outputs.indices.filter {
            if case .magneticOrder = transaction.outputs[$0].program { true } else { false }
        }
        ack.orderIds = orderIndices.prefix(WireLimits.maxOrdersPerTransaction).map {
            Transaction.outputID(transactionID: id, index: $0, suite: suite).data
        }
        return ack
    }

    /// A cancel's ack: the cancelled order's ID.
    static func cancelled(_ orderID: Hash256) -> Self {
        var ack = Self()
        ack.orderIds = [orderID.data]
        return ack
    }
}
