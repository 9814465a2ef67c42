import Chain
import Crypto
import Gateway
import Ledger
import Primitives

/// Builds the signed staking transactions of `lodestone vote` and `unvote` from coins the
/// operator names: the CLI opens no database (a running node holds it), so it cannot look
/// up a wallet's outputs the way `ChainState`'s builders do.
struct StakeBuilder {
    let config: ChainConfig
    /// The genesis unlock delay every vote lock must carry.
    let unlockDelayBlocks: UInt64

    /// Locks `amount` of `coin` (a native coin of `key`) as votes for `candidate`; the rest
    /// returns to the key as output 1.
    func vote(from coin: SpendableCoin, candidate: PublicKey, amount: UInt64, key: any SigningKey) throws -> Transaction {
        guard amount > 0 else { throw StakeBuilderError("a vote locks more than 0") }
        guard coin.amount >= amount else { throw StakeBuilderError("the coin holds \(coin.amount), the vote locks \(amount)") }
        let lock = VoteLock(owner: key.publicKey, candidate: candidate, unlockDelayBlocks: unlockDelayBlocks)
        var outputs = [Output(asset: config.nativeAsset, amount: Amount(amount), program: .voteLock(lock))]
        if coin.amount > amount {
            outputs.append(Output(asset: config.nativeAsset, amount: Amount(coin.amount - amount), program: .payToKey(key.publicKey)))
        }
        return try sign(Transaction(inputs: [Input(spending: coin.id, witness: .signature(try Self.placeholder))], outputs: outputs), key: key)
    }

    /// Re-locks the vote lock `lock` (its output and amount; a vote of `key` for `candidate`)
    /// with its unlock requested at `height`, the height of the block that must include it:
    /// the stake stops counting as votes and may be withdrawn `unlockDelayBlocks` later.
    func unvote(_ lock: SpendableCoin, candidate: PublicKey, atHeight height: UInt64, key: any SigningKey) throws -> Transaction {
        let terms = VoteLock(owner: key.publicKey, candidate: candidate, unlockDelayBlocks: unlockDelayBlocks).unlocking(at: height)
        let output = Output(asset: config.nativeAsset, amount: Amount(lock.amount), program: .voteLock(terms))
        let unsigned = Transaction(inputs: [Input(spending: lock.id, witness: .unvote(try Self.placeholder, lockOutput: 0))], outputs: [output])
        return try sign(unsigned, key: key) { .unvote($0, lockOutput: 0) }
    }

    private func sign(
        _ unsigned: Transaction, key: any SigningKey, clause: (Signature) -> Witness = Witness.signature
    ) throws -> Transaction {
        let suite = config.suite
        return try unsigned.withWitnesses(chainID: config.chainID, suite: suite) { _, sighash in clause(try suite.sign(sighash, with: key)) }
    }

    /// Stands in for each signature while the transaction ID is computed (IDs leave witnesses out).
    private static var placeholder: Signature {
        get throws { try Signature(bytes: [UInt8](repeating: 0, count: 64)) }
    }
}

/// Why a staking transaction could not be built (the CLI prints it and exits 1).
struct StakeBuilderError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
