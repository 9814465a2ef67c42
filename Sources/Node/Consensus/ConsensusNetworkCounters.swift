import Crypto
import Synchronization

/// What one peer's connection carried and what of it was dropped, by reason.
public struct ConsensusPeerTraffic: Sendable, Hashable, Codable {
    /// Messages received and handed to consensus.
    public var received: UInt64 = 0
    /// Messages that did not decode or were not one frame.
    public var malformed: UInt64 = 0
    /// Messages past the peer's share of one receive round (a flood).
    public var overBudget: UInt64 = 0
    /// Messages dropped because the peer's inbox lane was full.
    public var inboxFull: UInt64 = 0
    /// Messages sent to the peer.
    public var sent: UInt64 = 0
    /// Messages not sent because the peer's send queue was full (down or slow).
    public var sendDropped: UInt64 = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case received, malformed, sent
        case overBudget = "over_budget"
        case inboxFull = "inbox_full"
        case sendDropped = "send_dropped"
    }
}

/// The consensus network's counters: per peer (by lane, in the network's peer order) and
/// what could not be put down to any peer.
final class ConsensusNetworkCounters: Sendable {
    private struct State {
        var peers: [ConsensusPeerTraffic]
        /// Messages with no authenticated sender, too many frames or too large to read.
        var unattributed: UInt64 = 0
    }

    private let state: Mutex<State>

    init(peers: Int) { state = Mutex(State(peers: Array(repeating: ConsensusPeerTraffic(), count: peers))) }

    func count(_ lane: Int, _ field: WritableKeyPath<ConsensusPeerTraffic, UInt64>, by amount: UInt64 = 1) {
        state.withLock { $0.peers[lane][keyPath: field] += amount }
    }

    func countUnattributed() { state.withLock { $0.unattributed += 1 } }

    /// Each lane's traffic, in lane order.
    var peers: [ConsensusPeerTraffic] { state.withLock { $0.peers } }
    var unattributed: UInt64 { state.withLock { $0.unattributed } }
}
