@testable import Chain
@testable import ChainFixtures
import Crypto
import Ledger
import Markets
import Primitives

/// A four-validator chain with short epochs for the election, fee and evidence rules:
/// validators V0…V3 each self-stake `selfStake` native units at genesis; traders alice, bob
/// and carol hold native coins. Blocks carry commit certificates signed by chosen validators.
struct StakingFixture {
    static let suite = ChainFixture.suite
    static let epochLength: UInt64 = 4
    static let unlockDelay: UInt64 = 3
    static let minSelfStake: UInt64 = 100
    static let selfStake: UInt64 = 1_000

    let validators = (0..<4).map { ChainFixture.key(0x10 + UInt8($0)) }
    let feeKey = ChainFixture.key(0x02)
    let alice = ChainFixture.key(0xA1)
    let bob = ChainFixture.key(0xB0)
    let carol = ChainFixture.key(0xCA)
    var state: ChainState
    var clockMs: UInt64 = 1_000

    init(validatorsMax: Int = 3, voterShareBps: UInt16 = 5_000, genesisStakes: [UInt64]? = nil) {
        var allocations: [Allocation] = []
        for (index, key) in validators.enumerated() {
            let stake = genesisStakes?[index] ?? Self.selfStake
            guard stake > 0 else { continue }
            allocations.append(Allocation(
                asset: "LODE", amount: Amount(stake),
                program: .voteLock(VoteLock(owner: key.publicKey, candidate: key.publicKey, unlockDelayBlocks: Self.unlockDelay))))
        }
        for key in [alice, bob, carol] + validators {
            for _ in 0..<4 { allocations.append(Allocation(asset: "LODE", amount: Amount(1_000_000), program: .payToKey(key.publicKey))) }
        }
        let genesis = Genesis(
            chainName: "lodestone-staking", timestampMs: 0, blockIntervalMs: 100, suite: .schnorrSecp256k1, nativeAsset: "LODE",
            assets: [AssetDefinition(symbol: "LODE", decimals: 8)], allocations: allocations,
            validators: validators.map(\.publicKey), feeCollector: .payToKey(feeKey.publicKey), markets: [],
            epochLengthBlocks: Self.epochLength, validatorsMax: validatorsMax, minSelfStake: Self.minSelfStake,
            unlockDelayBlocks: Self.unlockDelay, voterShareBps: voterShareBps)
        state = try! ChainState.genesis(ChainConfig(genesis: genesis))
    }

    var config: ChainConfig { state.config }
    var native: AssetID { config.nativeAsset }

    func key(for publicKey: PublicKey) -> (any SigningKey)? { validators.first { $0.publicKey == publicKey } }

    /// The tip's commit certificate signed by `signers` (validator numbers; default all
    /// members of the set that signed the tip).
    func lastCommit(signers: [Int]? = nil) throws -> Certificate? {
        let keys = signers.map { $0.map { validators[$0] } } ?? validators
        return try state.commitCertificate(signedBy: keys)
    }

    /// The proposer of the next block at round 0.
    var proposer: any SigningKey {
        let set = state.validatorSet
        return key(for: set.members[Int(set.proposer(height: state.height + 1, round: 0))].key)!
    }

    /// Proposes, verifies and commits one block.
    @discardableResult
    mutating func block(
        _ transactions: [Transaction] = [], evidence: [Evidence] = [], signers: [Int]? = nil
    ) throws -> (Block, BlockOutcome) {
        clockMs += 100
        let (block, outcome) = try state.proposeBlock(
            transactions: transactions, cancels: [], timestampMs: clockMs, proposer: proposer,
            lastCommit: try lastCommit(signers: signers), evidence: evidence)
        let verified = try state.verify(block)
        precondition(verified.settlements == outcome.settlements && verified.epoch == outcome.epoch)
        state.commit(outcome, header: block.header)
        return (block, outcome)
    }

    /// A native payment of `amount` from `from` to `to` paying `fee`, from its largest coin.
    func transfer(_ from: any SigningKey, to: PublicKey, amount: UInt64, fee: UInt64) -> Transaction {
        let coin = state.nativeCoins(of: from.publicKey)[0]
        var outputs = [Output(asset: native, amount: Amount(amount), program: .payToKey(to))]
        let change = coin.amount.units - amount - fee
        if change > 0 { outputs.append(Output(asset: native, amount: Amount(change), program: .payToKey(from.publicKey))) }
        return sign(Transaction(inputs: [Input(spending: coin.id, witness: .signature(ChainFixture.placeholder))], outputs: outputs, fee: Amount(fee)), with: from)
    }

    func sign(_ tx: Transaction, with key: any SigningKey) -> Transaction {
        tx.withWitnesses(chainID: config.chainID, suite: Self.suite) { _, sighash in
            .signature(try! Self.suite.sign(sighash, with: key, auxiliary: [UInt8](repeating: 0, count: 32)))
        }
    }

    /// Two conflicting precommits by validator `number` at the tip's next height.
    func equivocation(by number: Int, round: UInt32 = 0) throws -> Evidence {
        let key = validators[number]
        let index = state.validatorSet.index(of: key.publicKey) ?? 0
        let vote = { (block: UInt8) throws -> Vote in
            let target = VoteTarget(
                chainID: config.chainID, height: state.height + 1, round: round, phase: .precommit,
                blockID: try Hash256(bytes: [UInt8](repeating: block, count: 32)))
            return try Vote.signed(target, index: index, key: key, suite: Self.suite)
        }
        return Evidence(validator: key.publicKey, try vote(1), try vote(2))
    }

    /// Native units in the whole UTXO set.
    func nativeTotal() -> UInt64 {
        state.utxos.sortedEntries().filter { $0.entry.output.asset == native }.reduce(0) { $0 + $1.entry.output.amount.units }
    }

    func balance(_ key: PublicKey) -> UInt64 { state.nativeCoins(of: key).reduce(0) { $0 + $1.amount.units } }
}
