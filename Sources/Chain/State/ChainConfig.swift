import Crypto
import Ledger
import Markets
import Primitives

/// What every block of a chain is executed against, derived once from its genesis.
public struct ChainConfig: Sendable {
    public let genesis: Genesis
    public let chainID: Hash256
    public let suite: any CryptoSuite
    public let assets: [String: AssetDefinition]
    public let assetIDs: [String: AssetID]
    public let nativeAsset: AssetID
    public let markets: [ChainMarket]
    /// The markets' pair lookup, for reading outputs as orders anywhere.
    public let directory: MarketDirectory
    /// The validators of the first epoch, in genesis order; each one's stake is the votes
    /// genesis vote-lock allocations give it, or 1 each when any of them has none.
    public let genesisValidatorSet: ValidatorSet
    /// The genesis set's hash (the chain's current set is `ChainState.validatorSet`).
    public var validatorSetHash: Hash256 { genesisValidatorSet.hash }

    public init(genesis: Genesis) throws(ChainError) {
        let suite: any CryptoSuite
        do { suite = try SchnorrSecp256k1Suite.named(genesis.suite.rawValue) } catch {
            throw .ledger(.malformed(.invalidValue(field: "genesis.suite", reason: error.message)))
        }
        self.genesis = genesis
        self.suite = suite
        chainID = genesis.chainID(suite: suite)
        assets = Dictionary(genesis.assets.map { ($0.symbol, $0) }, uniquingKeysWith: { first, _ in first })
        assetIDs = assets.mapValues { $0.id(suite: suite) }
        guard assets.count == genesis.assets.count else { throw Self.invalid("asset symbols must be distinct") }
        guard let native = assetIDs[genesis.nativeAsset] else { throw Self.invalid("native asset \(genesis.nativeAsset) is not listed") }
        nativeAsset = native
        markets = try Self.chainMarkets(genesis.markets, assetIDs: assetIDs)
        directory = MarketDirectory(markets: markets)
        try Self.checkElection(genesis)
        if let peg = genesis.peg, let problem = peg.problem(assets: Set(assets.keys), suite: suite) {
            throw Self.invalid("peg: \(problem)")
        }
        do { genesisValidatorSet = try Self.genesisSet(genesis, nativeAsset: native, assetIDs: assetIDs, suite: suite) } catch {
            throw Self.invalid(error.message)
        }
    }

    /// The election parameters and network keys within their bounds.
    private static func checkElection(_ genesis: Genesis) throws(ChainError) {
        guard (1...Genesis.epochLengthBlocksMax).contains(genesis.epochLengthBlocks) else {
            throw invalid("epoch_length_blocks must be 1...\(Genesis.epochLengthBlocksMax)")
        }
        guard (1...Genesis.validatorsMaxLimit).contains(genesis.validatorsMax) else {
            throw invalid("validators_max must be 1...\(Genesis.validatorsMaxLimit)")
        }
        // The epoch payout pays each member and its largest voters in one transaction.
        guard genesis.validators.count <= Genesis.validatorsMaxLimit else {
            throw invalid("at most \(Genesis.validatorsMaxLimit) genesis validators")
        }
        guard UInt64(genesis.voterShareBps) <= MagneticOrder.bpsPerWhole else { throw invalid("voter_share_bps must be 0...10000") }
        let keys = genesis.validatorNetworkKeys
        guard keys.isEmpty || keys.count == genesis.validators.count else {
            throw invalid("validator network keys: \(keys.count) for \(genesis.validators.count) validators")
        }
        guard keys.allSatisfy({ $0.count == Genesis.networkKeyBytes }), Set(keys).count == keys.count else {
            throw invalid("validator network keys must be distinct and \(Genesis.networkKeyBytes) bytes each")
        }
    }

    /// Genesis validators in order, staked with their genesis votes (active native vote
    /// locks), or 1 each when any validator has none.
    private static func genesisSet(
        _ genesis: Genesis, nativeAsset: AssetID, assetIDs: [String: AssetID], suite: any CryptoSuite
    ) throws(FinalityError) -> ValidatorSet {
        var votes: [PublicKey: UInt64] = [:]
        for allocation in genesis.allocations where assetIDs[allocation.asset] == nativeAsset {
            guard case .voteLock(let lock) = allocation.program, lock.unlockRequestedAt == nil else { continue }
            let (sum, overflow) = votes[lock.candidate, default: 0].addingReportingOverflow(allocation.amount.units)
            votes[lock.candidate] = overflow ? .max : sum
        }
        let stakes = genesis.validators.map { min(votes[$0, default: 0], ValidatorSet.stakeMax) }
        guard !stakes.contains(0) else { return try ValidatorSet(keys: genesis.validators, suite: suite) }
        return try ValidatorSet(members: zip(genesis.validators, stakes).map { ValidatorSet.Member(key: $0, stake: $1) }, suite: suite)
    }

    private static func chainMarkets(_ definitions: [MarketDefinition], assetIDs: [String: AssetID]) throws(ChainError) -> [ChainMarket] {
        var markets = [ChainMarket]()
        for (index, definition) in definitions.enumerated() {
            guard let base = assetIDs[definition.baseAsset], let quote = assetIDs[definition.quoteAsset] else {
                throw invalid("market \(definition.symbol) trades an asset genesis does not list")
            }
            markets.append(try ChainMarket(index: index, definition: definition, baseAsset: base, quoteAsset: quote))
        }
        return markets
    }

    private static func invalid(_ reason: String) -> ChainError {
        .ledger(.malformed(.invalidValue(field: "genesis", reason: reason)))
    }

    /// The validation context of the block at `height`; `peg` judges mints (none without a peg).
    public func context(height: UInt64, peg: PegContext? = nil) -> ValidationContext {
        ValidationContext(chainID: chainID, height: height, nativeAsset: nativeAsset, suite: suite, peg: peg)
    }

    /// The program trading fees are paid to.
    public var feeCollector: ControlProgram { genesis.feeCollector }
}
