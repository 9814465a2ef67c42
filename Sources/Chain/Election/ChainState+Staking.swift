import Crypto
import Ledger
import Primitives

/// A validator candidate as the CLI lists it.
public struct Candidate: Hashable, Sendable {
    public let key: PublicKey
    /// Active (not unlocking) native stake locked as votes for it.
    public let votes: UInt64
    /// The part of `votes` it locked itself.
    public let selfStake: UInt64
    /// Whether its self-stake reaches the genesis `minSelfStake` (it may be elected).
    public let registered: Bool
    /// Whether evidence of equivocation against it was committed (never elected again).
    public let punished: Bool
}

/// A wallet's vote lock, for unvote and withdraw.
public struct StakeLock: Hashable, Sendable {
    public let outputID: Hash256
    public let amount: Amount
    public let lock: VoteLock

    public init(outputID: Hash256, amount: Amount, lock: VoteLock) {
        self.outputID = outputID
        self.amount = amount
        self.lock = lock
    }
}

extension ChainState {
    /// Every candidate with votes, and every punished validator: votes descending, then key
    /// bytes ascending (the election's order).
    public var candidates: [Candidate] {
        var keys = Set(stakes.stakes.keys)
        keys.formUnion(epoch.punished)
        return keys.map { key in
            let stake = stakes.stakes[key]
            let selfStake = stake?.selfStake ?? 0
            return Candidate(
                key: key, votes: stake?.votes ?? 0, selfStake: selfStake,
                registered: selfStake >= config.genesis.minSelfStake && selfStake > 0, punished: epoch.punished.contains(key))
        }.sorted { $0.votes != $1.votes ? $0.votes > $1.votes : $0.key.precedes($1.key) }
    }

    /// The native pay-to-key outputs of `owner`, largest first (a wallet's spendable coins).
    /// Reads the whole set: for tools, not for block processing.
    public func nativeCoins(of owner: PublicKey) -> [(id: Hash256, amount: Amount)] {
        utxos.sortedEntries()
            .filter { $0.entry.output.asset == config.nativeAsset && $0.entry.output.program == .payToKey(owner) }
            .map { (id: $0.id, amount: $0.entry.output.amount) }
            .sorted { $0.amount != $1.amount ? $0.amount > $1.amount : $0.id < $1.id }
    }

    /// The vote locks `owner` holds (active and unlocking), by output ID.
    public func stakeLocks(of owner: PublicKey) -> [StakeLock] {
        utxos.sortedEntries().compactMap { item in
            guard case let .voteLock(lock) = item.entry.output.program, lock.owner == owner else { return nil }
            return StakeLock(outputID: item.id, amount: item.entry.output.amount, lock: lock)
        }
    }

    /// A signed transaction locking `amount` of `key`'s native coins (largest first) as votes
    /// for `candidate` (its own key: self-stake, which registers it), paying `fee`; change
    /// returns to `key`.
    public func voteTransaction(key: any SigningKey, candidate: PublicKey, amount: UInt64, fee: UInt64 = 0) throws(ChainError) -> Transaction {
        try config.voteTransaction(spending: nativeCoins(of: key.publicKey), key: key, candidate: candidate, amount: amount, fee: fee)
    }

    /// A signed unvote of `lock`: the stake is re-locked with the unlock height set to this
    /// state's height, and stops counting as votes. Valid in any of the next
    /// `VoteLock.unvoteWindowBlocks` blocks.
    public func unvoteTransaction(key: any SigningKey, lock: StakeLock) throws(ChainError) -> Transaction {
        try config.unvoteTransaction(lock, atHeight: height, key: key)
    }

    /// A signed withdrawal of an unlocking `lock` to `key`'s pay-to-key program (valid from
    /// its withdrawable height on).
    public func withdrawTransaction(key: any SigningKey, lock: StakeLock) throws(ChainError) -> Transaction {
        let output = Output(asset: config.nativeAsset, amount: lock.amount, program: .payToKey(key.publicKey))
        let transaction = Transaction(
            inputs: [Input(spending: lock.outputID, witness: .withdrawVote(ChainConfig.unsignedPlaceholder))], outputs: [output])
        return try config.sign(transaction, key: key)
    }
}

extension ChainConfig {
    /// A signed transaction locking `amount` of the first of `coins` (native pay-to-key coins
    /// of `key`, taken in order) as votes for `candidate`, paying `fee`; change returns to
    /// `key`. The one builder for a wallet with chain state and for the CLI without it.
    public func voteTransaction(
        spending coins: [(id: Hash256, amount: Amount)], key: any SigningKey, candidate: PublicKey, amount: UInt64, fee: UInt64 = 0
    ) throws(ChainError) -> Transaction {
        guard amount > 0 else { throw .stakeTransaction(reason: "a vote locks a positive amount") }
        let (needed, overflow) = amount.addingReportingOverflow(fee)
        guard !overflow else { throw .stakeTransaction(reason: "amount plus fee overflows") }
        var inputs: [Input] = []
        var gathered: UInt64 = 0
        for coin in coins where gathered < needed && inputs.count < Transaction.maxInputs {
            inputs.append(Input(spending: coin.id, witness: .signature(Self.unsignedPlaceholder)))
            gathered += coin.amount.units
        }
        guard gathered >= needed else {
            throw .stakeTransaction(reason: "the wallet holds \(gathered) of the \(needed) native units needed")
        }
        let lock = VoteLock(owner: key.publicKey, candidate: candidate, unlockDelayBlocks: genesis.unlockDelayBlocks)
        var outputs = [Output(asset: nativeAsset, amount: Amount(amount), program: .voteLock(lock))]
        if gathered > needed {
            outputs.append(Output(asset: nativeAsset, amount: Amount(gathered - needed), program: .payToKey(key.publicKey)))
        }
        return try sign(Transaction(inputs: inputs, outputs: outputs, fee: Amount(fee)), key: key)
    }

    /// A signed unvote of `lock`, re-locked with its unlock requested at `height` (valid while
    /// the including block is at most `VoteLock.unvoteWindowBlocks` past it).
    public func unvoteTransaction(_ lock: StakeLock, atHeight height: UInt64, key: any SigningKey) throws(ChainError) -> Transaction {
        let output = Output(asset: nativeAsset, amount: lock.amount, program: .voteLock(lock.lock.unlocking(at: height)))
        let transaction = Transaction(
            inputs: [Input(spending: lock.outputID, witness: .unvote(Self.unsignedPlaceholder, lockOutput: 0))], outputs: [output])
        return try sign(transaction, key: key)
    }

    static var unsignedPlaceholder: Signature {
        // 64 zero bytes is within Signature's length bounds.
        (try? Signature(bytes: [UInt8](repeating: 0, count: 64))) ?? { preconditionFailure("64 bytes is a valid signature length") }()
    }

    func sign(_ transaction: Transaction, key: any SigningKey) throws(ChainError) -> Transaction {
        do {
            return try transaction.withWitnesses(chainID: chainID, suite: suite) { index, sighash in
                let signature = try suite.sign(sighash, with: key)
                switch transaction.inputs[index].witness {
                case let .unvote(_, lockOutput): return .unvote(signature, lockOutput: lockOutput)
                case .withdrawVote: return .withdrawVote(signature)
                default: return .signature(signature)
                }
            }
        } catch {
            throw .stakeTransaction(reason: "signing failed: \(error)")
        }
    }
}
