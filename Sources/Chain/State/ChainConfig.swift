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
    /// The validators of the first epoch, in genesis order, with equal stake.
    public let genesisValidatorSet: ValidatorSet
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
        do { genesisValidatorSet = try ValidatorSet(keys: genesis.validators, suite: suite) } catch {
            throw Self.invalid(error.message)
        }
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

    /// The validation context of the block at `height`.
    public func context(height: UInt64) -> ValidationContext {
        ValidationContext(chainID: chainID, height: height, nativeAsset: nativeAsset, suite: suite)
    }

    /// The program trading fees are paid to.
    public var feeCollector: ControlProgram { genesis.feeCollector }
}
