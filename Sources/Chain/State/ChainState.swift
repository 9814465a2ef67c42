import Crypto
import Ledger
import Primitives

/// A node's view of the chain after its last committed block: the UTXO set, the books
/// derived from it, the tip and the state commitment.
public struct ChainState: Sendable {
    public let config: ChainConfig
    public internal(set) var utxos: UTXOSet
    public internal(set) var exchange: Exchange
    /// The last committed header; nil at genesis.
    public internal(set) var tip: BlockHeader?
    /// The hash the next block names as its parent (the chain ID at genesis).
    public internal(set) var tipHash: Hash256
    public internal(set) var commitment: MultisetHash
    /// The validator sets, punishments, this epoch's signed-block counts and fee pool.
    public internal(set) var epoch: EpochState
    /// Votes per candidate from the active vote locks of `utxos`.
    public internal(set) var stakes: StakeTally
    /// The armed dead-man switches, and their root (nil when none is armed).
    public internal(set) var deadMen = DeadManTable()
    public internal(set) var deadManRoot: Hash256? = nil
    /// The main-chain peg's state; nil on a chain whose genesis has no peg section.
    public internal(set) var peg: PegState? = nil
    /// Whether `commit` keeps a spare copy of the books up to date, so the next block
    /// changes them in place instead of copying what it touches (`ExchangeSpare`). On by
    /// default (twice the books' memory, a block's cost free of their size); off only to
    /// measure or test the copying path (chainbench `--copy-books`, the differential tests).
    public var keepsSpareExchange = true
    /// The spare copy of `exchange` (shared by copies of this state, see `ExchangeSpare`).
    var spare = ExchangeSpare()

    /// The header's state commitment: the UTXO multiset digest, folded with the dead-man
    /// root, then with the peg state when there is a peg.
    public var stateCommitment: Hash256 {
        Self.stateCommitment(multiset: commitment, deadManRoot: deadManRoot, peg: peg, suite: config.suite)
    }

    static func stateCommitment(multiset: MultisetHash, deadManRoot: Hash256?, peg: PegState?, suite: any CryptoSuite) -> Hash256 {
        let base = DeadManTable.stateCommitment(multiset: multiset.digest, deadManRoot: deadManRoot, suite: suite)
        return PegState.stateCommitment(base: base, peg: peg, suite: suite)
    }

    /// The validators that sign the next block.
    public var validatorSet: ValidatorSet { epoch.validatorSet }
    /// The validators of the epoch before the current one (the genesis set in the first).
    public var previousValidatorSet: ValidatorSet { epoch.previousValidatorSet }
    /// The validators that signed the tip (whose certificate the next block carries).
    public var tipSigners: ValidatorSet { epoch.signers(ofBlock: height, epochLength: config.genesis.epochLengthBlocks) }

    /// The height of the last committed block (0 at genesis).
    public var height: UInt64 { tip?.height ?? 0 }

    /// The state at genesis: allocations become outputs of a pseudo-transaction whose ID is
    /// the chain ID.
    public static func genesis(_ config: ChainConfig) throws(ChainError) -> ChainState {
        var utxos = UTXOSet()
        var created: [(id: Hash256, entry: UTXOEntry)] = []
        for (index, allocation) in config.genesis.allocations.enumerated() {
            guard let asset = config.assetIDs[allocation.asset], allocation.amount > .zero, allocation.program.magneticOrder == nil else {
                throw .ledger(
                    .invalidProgram(output: index, reason: "genesis allocation must be a positive amount of a listed asset, not an order"))
            }
            if case .voteLock(let lock) = allocation.program {
                guard asset == config.nativeAsset, lock.unlockDelayBlocks == config.genesis.unlockDelayBlocks else {
                    throw .ledger(.invalidProgram(output: index, reason: "genesis vote locks must be native with the genesis unlock delay"))
                }
            }
            let id = Transaction.outputID(transactionID: config.chainID, index: index, suite: config.suite)
            let entry = UTXOEntry(output: Output(asset: asset, amount: allocation.amount, program: allocation.program), order: nil)
            utxos.insert(entry, id: id)
            created.append((id, entry))
        }
        let commitment = try ParallelMultiset.commitment(from: .empty, inserting: created, removing: [])
        var state = ChainState(
            config: config, utxos: utxos, exchange: Exchange(directory: config.directory), tip: nil,
            tipHash: config.chainID, commitment: commitment, epoch: EpochState(genesis: config.genesisValidatorSet),
            stakes: StakeTally(utxos: utxos, nativeAsset: config.nativeAsset))
        state.peg = config.genesis.peg.map { PegState(genesis: $0, assetIDs: config.assetIDs, suite: config.suite) }
        return state
    }

    /// The exchange a block executes on, recording its changes: the spare when there is
    /// one (changed in place), else the committed books (copied where the block writes).
    func workingExchange() -> Exchange {
        var working = spare.take(generation: exchange.generation) ?? exchange
        working.beginBlock()
        return working
    }
}
