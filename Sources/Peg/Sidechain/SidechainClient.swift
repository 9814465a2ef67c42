import Ledger
import Primitives

/// A final burn on the sidechain: a cross-chain-out output in a committed block (BBFT
/// blocks are final once committed), which the federation pays on the main chain.
public struct SidechainBurn: Hashable, Sendable {
    /// The burn's sidechain output ID: the key that makes its payment happen once.
    public let outputID: Hash256
    public let asset: AssetID
    public let amount: Amount
    /// The canonical bytes of the main-chain program to pay.
    public let mainChainAddress: [UInt8]
    /// The sidechain height of the block that holds it.
    public let height: UInt64

    public init(outputID: Hash256, asset: AssetID, amount: Amount, mainChainAddress: [UInt8], height: UInt64) {
        self.outputID = outputID
        self.asset = asset
        self.amount = amount
        self.mainChainAddress = mainChainAddress
        self.height = height
    }
}

/// One page of burns, in height then output-ID order.
public struct SidechainBurnPage: Hashable, Sendable {
    public let burns: [SidechainBurn]
    /// Whether more burns follow the last one (ask again from it).
    public let more: Bool

    public init(burns: [SidechainBurn], more: Bool) {
        self.burns = burns
        self.more = more
    }
}

/// What the sidechain said to a submitted transaction.
public enum SidechainSubmission: Hashable, Sendable {
    /// Taken into the pool (or already known to it).
    case accepted
    /// Refused with the node's code and name; `causeCode` is the wrapped layer's code
    /// when there is one (a ledger 32xx under 8001), else 0.
    case refused(code: UInt32, name: String, causeCode: UInt32, text: String)

    /// The refusal's most specific code: the cause when there is one.
    public var specificCode: UInt32? {
        guard case .refused(let code, _, let causeCode, _) = self else { return nil }
        return causeCode != 0 ? causeCode : code
    }
}

/// What a federation member needs from the sidechain: its final burns, a way in for mints,
/// and where a transaction stands. The adapter over the node's order-entry gateway lives in
/// Node (`GatewaySidechainClient`), above this module; Peg depends only on the protocol.
///
/// Calls block the calling thread and are bounded in time by the adapter.
public protocol SidechainClient: Sendable {
    /// Up to `limit` (1...500) burns of committed blocks from `fromHeight`, after burn
    /// `after` at that height when given.
    func burns(fromHeight: UInt64, after: Hash256?, limit: Int) throws(SidechainClientError) -> SidechainBurnPage
    /// Hands `transaction` to the sidechain's pool.
    func submit(_ transaction: Transaction) throws(SidechainClientError) -> SidechainSubmission
    /// The height of the committed block holding transaction `id`, or nil when the node does
    /// not know it as committed (pending, unknown or forgotten).
    func committedHeight(ofTransaction id: Hash256) throws(SidechainClientError) -> UInt64?
}

/// Every way a call to the sidechain can fail (codes 11021–11029; docs/PEG.md). All are
/// the transport's or the answer's shape: a refusal of a transaction is an answer
/// (`SidechainSubmission.refused`), not an error.
public enum SidechainClientError: CodedError, Equatable {
    /// No answer within the timeout.
    case timeout(endpoint: String, timeoutMs: Int)
    /// The node refused the query itself (its code and text).
    case refused(code: UInt32, text: String)
    /// An answer that does not decode or is of the wrong kind.
    case garbage(detail: String)
    /// The client's own socket could not be set up or used.
    case socketFailed(detail: String)

    public var code: UInt16 {
        switch self {
        case .timeout: 11021
        case .refused: 11022
        case .garbage: 11023
        case .socketFailed: 11024
        }
    }

    public var name: String {
        switch self {
        case .timeout: "sidechain_timeout"
        case .refused: "sidechain_refused"
        case .garbage: "sidechain_garbage"
        case .socketFailed: "sidechain_socket_failed"
        }
    }

    public var message: String {
        switch self {
        case .timeout(let endpoint, let timeoutMs): "no answer from \(endpoint) within \(timeoutMs) ms"
        case .refused(let code, let text): "the sidechain refused the query (\(code)): \(text)"
        case .garbage(let detail): "unusable answer: \(detail)"
        case .socketFailed(let detail): detail
        }
    }
}
