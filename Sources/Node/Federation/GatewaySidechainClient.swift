import Crypto
import Foundation
import Gateway
import Ledger
import LodestoneWire
import Peg
import Primitives
import Synchronization

/// The federation member's `SidechainClient` over a node's order-entry gateway
/// (docs/PROTOCOL.md §8): burns by `BurnsQuery`, mints by `Place` (a mint is a signed
/// transaction like any other), where a mint stands by `StatusQuery`.
///
/// One DEALER; each request waits `timeoutMs` for its answer. After a timeout the connection
/// is replaced, so a late answer is never taken for a later request's. Thread-safe: calls
/// take turns.
public final class GatewaySidechainClient: SidechainClient {
    public let endpoint: String
    public let timeoutMs: Int
    private let suite: any CryptoSuite
    private let state: Mutex<State>

    private struct State: ~Copyable {
        var client: OrderEntryClient?
        var requests: UInt64 = 0
    }

    public init(endpoint: String, suite: any CryptoSuite, timeoutMs: Int = 5_000) {
        self.endpoint = endpoint
        self.suite = suite
        self.timeoutMs = timeoutMs
        state = Mutex(State())
    }

    public func burns(fromHeight: UInt64, after: Hash256?, limit: Int) throws(SidechainClientError) -> SidechainBurnPage {
        var query = Lodestone_V1_BurnsQuery()
        query.fromHeight = fromHeight
        if let after { query.after = Data(after.bytes) }
        query.limit = UInt32(clamping: limit)
        let response = try ask { $0.body = .burns(query) }
        switch response.result {
        case .burns(let page)?:
            var burns: [SidechainBurn] = []
            burns.reserveCapacity(page.burns.count)
            for burn in page.burns {
                guard let outputID = try? Hash256(bytes: burn.outputID), let asset = try? Hash256(bytes: burn.asset) else {
                    throw .garbage(detail: "a burn's output ID or asset is not 32 bytes")
                }
                burns.append(
                    SidechainBurn(
                        outputID: outputID, asset: AssetID(asset), amount: Amount(burn.amount),
                        mainChainAddress: [UInt8](burn.mainChainProgram),
                        height: burn.height))
            }
            return SidechainBurnPage(burns: burns, more: page.more)
        case .reject(let reject)?: throw .refused(code: reject.code, text: "\(reject.name): \(reject.text)")
        default: throw .garbage(detail: "a burns query was answered with \(String(describing: response.result))")
        }
    }

    public func submit(_ transaction: Transaction) throws(SidechainClientError) -> SidechainSubmission {
        var place = Lodestone_V1_Place()
        place.transaction = Data(transaction.canonicalBytes)
        let response = try ask { $0.body = .place(place) }
        switch response.result {
        case .ack?: return .accepted
        case .reject(let reject)?: return .refused(code: reject.code, name: reject.name, causeCode: reject.causeCode, text: reject.text)
        default: throw .garbage(detail: "a place was answered with \(String(describing: response.result))")
        }
    }

    public func committedHeight(ofTransaction id: Hash256) throws(SidechainClientError) -> UInt64? {
        var query = Lodestone_V1_StatusQuery()
        query.target = .transactionID(Data(id.bytes))
        let response = try ask { $0.body = .status(query) }
        switch response.result {
        case .status(let status)?: return status.state == .committed ? status.height : nil
        case .reject(let reject)?: throw .refused(code: reject.code, text: "\(reject.name): \(reject.text)")
        default: throw .garbage(detail: "a status query was answered with \(String(describing: response.result))")
        }
    }

    /// Sends one request (its body set by `body`) with a fresh client order ID and returns
    /// its answer; replaces the connection after a failure.
    private func ask(_ body: (inout Lodestone_V1_Request) -> Void) throws(SidechainClientError) -> Lodestone_V1_Response {
        var request = Lodestone_V1_Request()
        body(&request)
        let endpoint = endpoint
        let timeoutMs = timeoutMs
        return try state.withLock { (state: inout State) throws(SidechainClientError) -> Lodestone_V1_Response in
            state.requests += 1
            request.clientOrderID = "federation-\(state.requests)"
            let client: OrderEntryClient
            if let open = state.client {
                client = open
            } else {
                do { client = try OrderEntryClient(endpoint: endpoint) } catch { throw .socketFailed(detail: "\(error)") }
                state.client = client
            }
            let response: Lodestone_V1_Response
            do throws(GatewayError) { response = try client.send(request, timeoutMs: timeoutMs) } catch {
                client.close()
                state.client = nil
                if error.kind == .noReply { throw .timeout(endpoint: endpoint, timeoutMs: timeoutMs) }
                if error.kind == .badReply { throw .garbage(detail: "\(error)") }
                throw .socketFailed(detail: "\(error)")
            }
            guard response.clientOrderID == request.clientOrderID else {
                client.close()
                state.client = nil
                throw .garbage(detail: "an answer to another request")
            }
            return response
        }
    }
}
