import Crypto

/// Where a node is inside a round (Tendermint's steps).
public enum ConsensusStep: String, Hashable, Sendable {
    case propose, prevote, precommit
}

/// A peer's last reported committed height.
public struct PeerHeight: Hashable, Sendable {
    public let peer: PublicKey
    public let height: UInt64

    public init(peer: PublicKey, height: UInt64) {
        self.peer = peer
        self.height = height
    }
}

/// A node's consensus position, for `lodestone status`.
public struct ConsensusStatus: Hashable, Sendable {
    /// The height being decided (last committed + 1).
    public let height: UInt64
    public let round: UInt32
    public let step: ConsensusStep
    public let lockedRound: UInt32?
    /// Milliseconds from the first proposal seen to the commit, for the last height this
    /// node committed by consensus (nil before the first).
    public let lastFinalityLatencyMs: UInt64?
    /// Whether this node votes (its key is in the current validator set).
    public let isValidator: Bool
    /// Each peer's last reported committed height, ordered by key bytes.
    public let peerHeights: [PeerHeight]
}
