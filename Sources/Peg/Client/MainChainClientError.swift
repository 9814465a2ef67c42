import Primitives

/// Every way a call to the main chain can fail, with a code in the Peg module's block
/// (11xxx: 11001–11099 the main-chain client, 11101–11199 the federation member; see
/// docs/PEG.md).
///
/// Timeouts, disconnects and garbage are the transport's: `isRetryable` says so and
/// `RetryPolicy` retries them. A remote refusal and not-found are the main chain's answer:
/// asking again gets the same answer, so they are never retried.
public enum MainChainClientError: CodedError, Equatable {
    /// No answer within the request's timeout (after every attempt the policy allowed).
    case timeout(endpoint: String, timeoutMs: Int, attempts: Int)
    /// No connection to the main chain: the request could not be handed to a peer.
    case disconnected(endpoint: String, detail: String)
    /// An answer that does not decode, answers another request, or is of the wrong kind.
    case garbage(detail: String)
    /// The main chain refused the request with its own code and message.
    case remote(code: UInt16, message: String)
    /// The main chain has no such block, output or header range.
    case notFound(what: String)
    /// The client's own socket could not be set up or used (not the peer's fault).
    case socketFailed(detail: String)

    public var code: UInt16 {
        switch self {
        case .timeout: 11001
        case .disconnected: 11002
        case .garbage: 11003
        case .remote: 11004
        case .notFound: 11005
        case .socketFailed: 11006
        }
    }

    public var name: String {
        switch self {
        case .timeout: "main_chain_timeout"
        case .disconnected: "main_chain_disconnected"
        case .garbage: "main_chain_garbage"
        case .remote: "main_chain_refused"
        case .notFound: "main_chain_not_found"
        case .socketFailed: "main_chain_socket_failed"
        }
    }

    public var message: String {
        switch self {
        case .timeout(let endpoint, let timeoutMs, let attempts):
            "no answer from \(endpoint) within \(timeoutMs) ms, \(attempts) attempt(s)"
        case .disconnected(let endpoint, let detail): "not connected to \(endpoint): \(detail)"
        case .garbage(let detail): "unusable answer: \(detail)"
        case .remote(let code, let message): "the main chain refused (\(code)): \(message)"
        case .notFound(let what): "not found: \(what)"
        case .socketFailed(let detail): detail
        }
    }

    /// Whether asking again may succeed: the transport's failures, not the main chain's answers.
    public var isRetryable: Bool {
        switch self {
        case .timeout, .disconnected, .garbage: true
        case .remote, .notFound, .socketFailed: false
        }
    }
}
