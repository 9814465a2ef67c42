import Primitives
import ZeroMQ

/// Why the feed publisher or a feed client refused something. Codes 7301 … 7399: the
/// market-data side of the gateway (7001 … 7099 are the socket wrapper's, 7101 … 7199 the
/// wire messages').
public enum FeedError: CodedError, Equatable {
    /// A snapshot was asked for a market this node does not list.
    case unknownMarket(String)
    /// The publisher cannot vouch for its book copy (it started on a non-empty book, or
    /// dropped a block on overload), so it refuses snapshots rather than send a wrong one.
    case snapshotUnavailable(String)
    /// The snapshot server refused a request; `code` and `name` are its `Reject`.
    case refused(code: UInt16, name: String, text: String)
    /// A feed or snapshot message could not be read (its 71xx wire error).
    case wire(code: UInt16, name: String, text: String)
    /// A ZeroMQ call failed (its 70xx error).
    case socket(ZMQError)
    /// No answer within the allowed time.
    case timedOut(String)
    /// A configuration value outside its bounds.
    case invalidSetting(String)

    public var code: UInt16 {
        switch self {
        case .unknownMarket: 7301
        case .snapshotUnavailable: 7302
        case .refused: 7303
        case .wire: 7304
        case .socket: 7305
        case .timedOut: 7306
        case .invalidSetting: 7307
        }
    }

    public var name: String {
        switch self {
        case .unknownMarket: "unknown_market"
        case .snapshotUnavailable: "snapshot_unavailable"
        case .refused: "snapshot_refused"
        case .wire: "feed_wire_error"
        case .socket: "feed_socket_error"
        case .timedOut: "feed_timed_out"
        case .invalidSetting: "invalid_feed_setting"
        }
    }

    public var message: String {
        switch self {
        case let .unknownMarket(symbol): "no market '\(symbol)' on this node"
        case let .snapshotUnavailable(why): "snapshots unavailable: \(why)"
        case let .refused(code, name, text): "snapshot refused: \(name) (\(code)): \(text)"
        case let .wire(code, name, text): "\(name) (\(code)): \(text)"
        case let .socket(error): "\(error)"
        case let .timedOut(what): "timed out waiting for \(what)"
        case let .invalidSetting(what): what
        }
    }

    public var description: String { "\(name) (\(code)): \(message)" }
}
