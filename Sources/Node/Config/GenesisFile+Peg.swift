import Chain
import Crypto
import Ledger
import Primitives

extension GenesisFile {
    /// genesis.json's `peg` object: the main chain the sidechain follows, the federation, K
    /// and the pegged assets (docs/CHAIN.md, "The peg").
    ///
    /// ```json
    /// "peg": {
    ///   "main_chain": { "genesis_header": "<hex of the header's canonical encoding>",
    ///                   "pow_limit_bits": 545259519, "block_interval_ms": 60000,
    ///                   "retarget_interval_blocks": 144 },
    ///   "federation": { "threshold": 2, "keys": ["<hex>", "<hex>", "<hex>"] },
    ///   "confirmations_required": 6,
    ///   "pegged_assets": [ { "symbol": "BTC", "minimum_deposit": 10000 } ]
    /// }
    /// ```
    public struct PegEntry: Codable, Sendable, Equatable {
        public var mainChain: MainChainEntry
        public var federation: FederationEntry
        public var confirmationsRequired: UInt64
        public var peggedAssets: [PeggedAssetEntry]

        public init(
            mainChain: MainChainEntry, federation: FederationEntry, confirmationsRequired: UInt64, peggedAssets: [PeggedAssetEntry]
        ) {
            self.mainChain = mainChain
            self.federation = federation
            self.confirmationsRequired = confirmationsRequired
            self.peggedAssets = peggedAssets
        }

        /// The file's form of a genesis section.
        public init(_ peg: PegGenesis) {
            self.init(
                mainChain: MainChainEntry(peg.mainChain), federation: FederationEntry(peg.federation),
                confirmationsRequired: peg.confirmationsRequired,
                peggedAssets: peg.peggedAssets.map { PeggedAssetEntry(symbol: $0.symbol, minimumDeposit: $0.minimumDeposit.units) })
        }

        enum CodingKeys: String, CodingKey {
            case mainChain = "main_chain"
            case federation
            case confirmationsRequired = "confirmations_required"
            case peggedAssets = "pegged_assets"
        }

        /// Every key is required; a bad number names its key.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            mainChain = try container.field(.mainChain)
            federation = try container.field(.federation)
            confirmationsRequired = try container.field(.confirmationsRequired)
            peggedAssets = try container.field(.peggedAssets)
        }

        /// The genesis section, checked field by field, then as a whole (`PegGenesis.problem`).
        func section(_ check: FieldCheck, assets: Set<String>, suite: any CryptoSuite) throws(NodeError) -> PegGenesis {
            let headerBytes = try? Hex.decode(mainChain.genesisHeader)
            guard let headerBytes, let header = try? MainChainHeader(canonicalBytes: headerBytes) else {
                throw check.invalid("peg.main_chain.genesis_header", "not the hex of a main-chain header's canonical encoding")
            }
            let parameters = MainChainParameters(
                genesisHeader: header, powLimitBits: mainChain.powLimitBits, blockIntervalMs: mainChain.blockIntervalMs,
                retargetIntervalBlocks: mainChain.retargetIntervalBlocks)
            if let problem = parameters.problem() { throw check.invalid("peg.main_chain", problem) }
            try check.that(
                (1...FederationKeys.keysMax).contains(federation.keys.count), "peg.federation.keys",
                "must list 1...\(FederationKeys.keysMax) keys")
            var keys: [PublicKey] = []
            for (index, hex) in federation.keys.enumerated() {
                keys.append(try check.publicKey(hex, field: "peg.federation.keys[\(index)]", suite: suite))
            }
            let federationKeys = FederationKeys(threshold: federation.threshold, keys: keys)
            if let problem = federationKeys.problem(suite: suite) { throw check.invalid("peg.federation", problem) }
            for (index, asset) in peggedAssets.enumerated() {
                try check.that(assets.contains(asset.symbol), "peg.pegged_assets[\(index)].symbol", "'\(asset.symbol)' is not in assets")
            }
            let section = PegGenesis(
                mainChain: parameters, federation: federationKeys, confirmationsRequired: confirmationsRequired,
                peggedAssets: peggedAssets.map { PeggedAsset(symbol: $0.symbol, minimumDeposit: Amount($0.minimumDeposit)) })
            if let problem = section.problem(assets: assets, suite: suite) { throw check.invalid("peg", problem) }
            return section
        }
    }

    /// The main chain's genesis header (hex of its canonical encoding, as the main chain's
    /// tools print it) and proof-of-work parameters.
    public struct MainChainEntry: Codable, Sendable, Equatable {
        public var genesisHeader: String
        public var powLimitBits: UInt32
        public var blockIntervalMs: UInt64
        public var retargetIntervalBlocks: UInt64

        public init(_ parameters: MainChainParameters) {
            genesisHeader = Hex.encode(parameters.genesisHeader.canonicalBytes)
            powLimitBits = parameters.powLimitBits
            blockIntervalMs = parameters.blockIntervalMs
            retargetIntervalBlocks = parameters.retargetIntervalBlocks
        }

        enum CodingKeys: String, CodingKey {
            case genesisHeader = "genesis_header"
            case powLimitBits = "pow_limit_bits"
            case blockIntervalMs = "block_interval_ms"
            case retargetIntervalBlocks = "retarget_interval_blocks"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            genesisHeader = try container.field(.genesisHeader)
            powLimitBits = try container.field(.powLimitBits)
            blockIntervalMs = try container.field(.blockIntervalMs)
            retargetIntervalBlocks = try container.field(.retargetIntervalBlocks)
        }
    }

    /// m of the n federation keys (hex) sign each mint.
    public struct FederationEntry: Codable, Sendable, Equatable {
        public var threshold: UInt8
        public var keys: [String]

        public init(_ federation: FederationKeys) {
            threshold = federation.threshold
            keys = federation.keys.map(\.description)
        }

        enum CodingKeys: String, CodingKey {
            case threshold, keys
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            threshold = try container.field(.threshold)
            keys = try container.field(.keys)
        }
    }

    /// A pegged asset (a symbol of `assets`) and its least deposit in minor units.
    public struct PeggedAssetEntry: Codable, Sendable, Equatable {
        public var symbol: String
        public var minimumDeposit: UInt64

        public init(symbol: String, minimumDeposit: UInt64) {
            self.symbol = symbol
            self.minimumDeposit = minimumDeposit
        }

        enum CodingKeys: String, CodingKey {
            case symbol
            case minimumDeposit = "minimum_deposit"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            symbol = try container.field(.symbol)
            minimumDeposit = try container.field(.minimumDeposit)
        }
    }
}
