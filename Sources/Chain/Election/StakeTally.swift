import Crypto
import Ledger
import Primitives

/// Votes per validator candidate, from the active (not unlocking) native vote locks of the
/// UTXO set: each candidate's total, its self-stake (locks it owns) and each voter's part.
/// Updated from every block's UTXO changes and rebuilt from the set on load, never by a
/// scan of the set per block. Lookups only: results that reach consensus are sorted.
public struct StakeTally: Hashable, Sendable {
    /// One candidate's votes.
    public struct Stake: Hashable, Sendable {
        public internal(set) var votes: UInt64 = 0
        /// The part of `votes` locked by the candidate itself.
        public internal(set) var selfStake: UInt64 = 0
        /// Active locked stake per voter (owner key), the candidate's own included.
        public internal(set) var voters: [PublicKey: UInt64] = [:]
    }

    public private(set) var stakes: [PublicKey: Stake] = [:]

    public init() {}

    /// The tally of a whole UTXO set (on load): every entry read once, in any order (sums
    /// do not depend on it).
    init(utxos: UTXOSet, nativeAsset: AssetID) {
        for (_, entry) in utxos.unorderedEntries { add(entry.output, nativeAsset: nativeAsset) }
    }

    /// Adds the output's votes, if it is an active native vote lock.
    mutating func add(_ output: Output, nativeAsset: AssetID) {
        guard let lock = Self.activeLock(output, nativeAsset: nativeAsset) else { return }
        var stake = stakes[lock.candidate, default: Stake()]
        stake.votes = Self.sum(stake.votes, output.amount.units)
        if lock.owner == lock.candidate { stake.selfStake = Self.sum(stake.selfStake, output.amount.units) }
        stake.voters[lock.owner] = Self.sum(stake.voters[lock.owner, default: 0], output.amount.units)
        stakes[lock.candidate] = stake
    }

    /// Removes the output's votes, if it is an active native vote lock (being spent).
    mutating func remove(_ output: Output, nativeAsset: AssetID) {
        guard let lock = Self.activeLock(output, nativeAsset: nativeAsset), var stake = stakes[lock.candidate] else { return }
        let amount = output.amount.units
        stake.votes -= min(stake.votes, amount)
        if lock.owner == lock.candidate { stake.selfStake -= min(stake.selfStake, amount) }
        let left = stake.voters[lock.owner, default: 0] - min(stake.voters[lock.owner, default: 0], amount)
        stake.voters[lock.owner] = left == 0 ? nil : left
        stakes[lock.candidate] = stake.votes == 0 && stake.voters.isEmpty ? nil : stake
    }

    /// Applies a block's UTXO changes: spent locks leave, created locks count.
    mutating func apply(_ changes: UTXOChanges, nativeAsset: AssetID) {
        for (_, entry) in changes.spent { remove(entry.output, nativeAsset: nativeAsset) }
        for (_, entry) in changes.created { add(entry.output, nativeAsset: nativeAsset) }
    }

    /// The candidate's voters and their active stakes, by key bytes ascending.
    public func voters(of candidate: PublicKey) -> [(key: PublicKey, stake: UInt64)] {
        (stakes[candidate]?.voters ?? [:]).map { (key: $0.key, stake: $0.value) }.sorted { $0.key.precedes($1.key) }
    }

    private static func activeLock(_ output: Output, nativeAsset: AssetID) -> VoteLock? {
        guard output.asset == nativeAsset, case let .voteLock(lock) = output.program, lock.unlockRequestedAt == nil else { return nil }
        return lock
    }

    /// The native supply fits 64 bits (genesis checks it), so sums cannot overflow; saturate anyway.
    private static func sum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (total, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : total
    }
}

extension PublicKey {
    /// Key order for ties and listings: bytes ascending.
    func precedes(_ other: PublicKey) -> Bool { bytes.lexicographicallyPrecedes(other.bytes) }
}
