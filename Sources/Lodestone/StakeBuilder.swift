import Chain
import Crypto
import Gateway
import Ledger
import Primitives

/// The signed staking transactions of `lodestone vote` and `unvote`, from coins the operator
/// names (the CLI opens no database: a running node holds it), built by the chain's own
/// builders (`ChainConfig.voteTransaction`, `unvoteTransaction`).
struct StakeBuilder {
    let config: ChainConfig
    /// The genesis unlock delay every vote lock must carry.
    let unlockDelayBlocks: UInt64

    /// Locks `amount` of `coin` (a native coin of `key`) as votes for `candidate`; the rest
    /// returns to the key as output 1.
    func vote(from coin: SpendableCoin, candidate: PublicKey, amount: UInt64, key: any SigningKey) throws -> Transaction {
        try config.voteTransaction(spending: [(coin.id, Amount(coin.amount))], key: key, candidate: candidate, amount: amount)
    }

    /// Re-locks the vote lock `lock` (its output and amount; a vote of `key` for `candidate`)
    /// with its unlock requested at `height`: the stake stops counting as votes and may be
    /// withdrawn `unlockDelayBlocks` later.
    func unvote(_ lock: SpendableCoin, candidate: PublicKey, atHeight height: UInt64, key: any SigningKey) throws -> Transaction {
        let terms = VoteLock(owner: key.publicKey, candidate: candidate, unlockDelayBlocks: unlockDelayBlocks)
        return try config.unvoteTransaction(StakeLock(outputID: lock.id, amount: Amount(lock.amount), lock: terms), atHeight: height, key: key)
    }
}
