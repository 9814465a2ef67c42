import Crypto
import Ledger
import Primitives

/// Everything a main chain starts from: its name, its proof-of-work parameters, its crypto
/// suite, its assets (the sidechain's `AssetDefinition`, so a pegged asset has the same ID on
/// both chains) and the genesis issuance of each asset's supply to programs.
///
/// The genesis block holds one issuance transaction (no inputs; outputs = the allocations in
/// order); the genesis header commits to it through `transactionRoot`, and to everything else
/// (name, intervals, suite, assets) through its `nonce`, the first 8 bytes of the tagged hash of those.
/// The main-chain ID, bound into every main-chain signature, is the genesis header's hash.
public struct MainChainGenesis: Hashable, Sendable {
    public static let chainNameBytesMax = 64
    public static let assetsMax = 256
    /// One issuance transaction holds every allocation.
    public static let allocationsMax = Transaction.maxOutputs

    /// `amount` minor units of an asset issued to `program` (pay-to-key or multisig).
    public struct Allocation: Hashable, Sendable {
        public let asset: AssetDefinition
        public let amount: Amount
        public let program: ControlProgram

        public init(asset: AssetDefinition, amount: Amount, program: ControlProgram) {
            self.asset = asset
            self.amount = amount
            self.program = program
        }
    }

    public let chainName: String
    public let timestampMs: UInt64
    public let powLimitBits: UInt32
    public let blockIntervalMs: UInt64
    public let retargetIntervalBlocks: UInt64
    public let suiteID: CryptoSuiteID
    /// Fees are paid in it (and burned).
    public let nativeAsset: AssetDefinition
    public let assets: [AssetDefinition]
    public let allocations: [Allocation]

    public init(
        chainName: String, timestampMs: UInt64, powLimitBits: UInt32, blockIntervalMs: UInt64, retargetIntervalBlocks: UInt64,
        suiteID: CryptoSuiteID = .schnorrSecp256k1, nativeAsset: AssetDefinition, assets: [AssetDefinition], allocations: [Allocation]
    ) {
        self.chainName = chainName
        self.timestampMs = timestampMs
        self.powLimitBits = powLimitBits
        self.blockIntervalMs = blockIntervalMs
        self.retargetIntervalBlocks = retargetIntervalBlocks
        self.suiteID = suiteID
        self.nativeAsset = nativeAsset
        self.assets = assets
        self.allocations = allocations
    }

    public var suite: any CryptoSuite {
        switch suiteID {
        case .schnorrSecp256k1: SchnorrSecp256k1Suite()
        }
    }

    /// The issuance transaction: every allocation as an output, in order; no inputs, no fee.
    /// It is never validated (it has no inputs to spend); the genesis block carries it.
    public var issuance: Transaction {
        Transaction(
            inputs: [], outputs: allocations.map { Output(asset: $0.asset.id(suite: suite), amount: $0.amount, program: $0.program) })
    }

    /// Name, block interval, retarget interval, suite and assets in canonical form: what the
    /// genesis nonce commits to (the header itself carries the timestamp, the PoW limit and
    /// the issuance root), so two chains differing in any of them have different IDs.
    public var descriptorBytes: [UInt8] {
        var writer = ByteWriter()
        writer.writeBytes(Array(chainName.utf8))
        writer.write(blockIntervalMs)
        writer.write(retargetIntervalBlocks)
        writer.write(suiteID.rawValue)
        nativeAsset.encode(to: &writer)
        writer.writeArray(assets)
        return writer.bytes
    }

    /// The genesis header: height 0, no parent, the issuance's root, the easiest target.
    public var genesisHeader: MainChainHeader {
        let digest = suite.hash(.genesis, descriptorBytes).bytes
        var nonce: UInt64 = 0
        for (index, byte) in digest.prefix(8).enumerated() { nonce |= UInt64(byte) << UInt64(8 * index) }
        return MainChainHeader(
            height: 0, previousHash: .zero, transactionRoot: MainChainBlock.transactionRoot(of: [issuance], suite: suite),
            timestampMs: timestampMs, targetBits: powLimitBits, nonce: nonce)
    }

    public var genesisBlock: MainChainBlock { MainChainBlock(header: genesisHeader, transactions: [issuance]) }

    /// What every judge of main-chain headers needs (the sidechain's genesis copies it).
    public var parameters: MainChainParameters {
        MainChainParameters(
            genesisHeader: genesisHeader, powLimitBits: powLimitBits, blockIntervalMs: blockIntervalMs,
            retargetIntervalBlocks: retargetIntervalBlocks)
    }

    /// The main-chain ID: the genesis header's hash, the chain ID of every signature hash.
    public var chainID: Hash256 { genesisHeader.hash(suite: suite) }

    /// The context transactions at `height` are validated in.
    public func validationContext(height: UInt64) -> ValidationContext {
        ValidationContext(chainID: chainID, height: height, nativeAsset: nativeAsset.id(suite: suite), suite: suite)
    }

    /// Checks every rule; throws naming the field at fault.
    public func check() throws(MainChainError) {
        guard !chainName.isEmpty, chainName.utf8.count <= Self.chainNameBytesMax else {
            throw .genesisInvalid(field: "chain_name", reason: "1 to \(Self.chainNameBytesMax) bytes")
        }
        if let problem = parameters.problem() { throw .genesisInvalid(field: "parameters", reason: problem) }
        guard !assets.isEmpty, assets.count <= Self.assetsMax else {
            throw .genesisInvalid(field: "assets", reason: "1 to \(Self.assetsMax) assets")
        }
        var symbols = Set<String>()
        for (index, asset) in assets.enumerated() {
            guard !asset.symbol.isEmpty, asset.symbol.utf8.count <= AssetDefinition.maxSymbolBytes else {
                throw .genesisInvalid(field: "assets[\(index)].symbol", reason: "1 to \(AssetDefinition.maxSymbolBytes) bytes")
            }
            guard symbols.insert(asset.symbol).inserted else {
                throw .genesisInvalid(field: "assets[\(index)].symbol", reason: "\(asset.symbol) is listed twice")
            }
        }
        guard assets.contains(nativeAsset) else { throw .genesisInvalid(field: "native_asset", reason: "not among the assets") }
        guard allocations.count <= Self.allocationsMax else {
            throw .genesisInvalid(field: "allocations", reason: "at most \(Self.allocationsMax)")
        }
        var supply: [String: Amount] = [:]
        for (index, allocation) in allocations.enumerated() {
            guard assets.contains(allocation.asset) else {
                throw .genesisInvalid(field: "allocations[\(index)].asset", reason: "\(allocation.asset.symbol) is not an asset")
            }
            guard allocation.amount > .zero else {
                throw .genesisInvalid(field: "allocations[\(index)].amount", reason: "must be positive")
            }
            guard MainChainRules.allows(allocation.program), allocation.program.checkWellFormed(suite: suite) == nil else {
                throw .genesisInvalid(field: "allocations[\(index)].program", reason: "must be a valid pay-to-key or multisig")
            }
            do { supply[allocation.asset.symbol] = try (supply[allocation.asset.symbol] ?? .zero).adding(allocation.amount) } catch {
                throw .genesisInvalid(field: "allocations[\(index)].amount", reason: "the asset's supply overflows")
            }
        }
    }
}
