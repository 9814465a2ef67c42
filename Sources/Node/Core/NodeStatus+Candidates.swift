import Chain

extension NodeStatus {
    /// Most candidates a status carries: the election's first ones (its order).
    public static let candidatesMax = 100

    /// A validator candidate as `lodestone candidates` shows it.
    public struct Candidate: Codable, Sendable, Equatable {
        /// The candidate's public key (hex).
        public var key: String
        /// Active native stake locked as votes for it, in minor units.
        public var votes: UInt64
        /// The part of `votes` it locked itself.
        public var selfStake: UInt64
        /// Whether its self stake reaches genesis `min_self_stake` (it may be elected).
        public var registered: Bool
        /// Whether evidence against it was committed (it is never elected again).
        public var punished: Bool

        enum CodingKeys: String, CodingKey {
            case key, votes, registered, punished
            case selfStake = "self_stake"
        }
    }

    /// The state's candidates in the election's order, at most `candidatesMax`.
    static func candidates(of state: ChainState) -> [Candidate] {
        state.candidates.prefix(candidatesMax).map {
            Candidate(key: $0.key.description, votes: $0.votes, selfStake: $0.selfStake, registered: $0.registered, punished: $0.punished)
        }
    }
}
