import Crypto
import Foundation
import Ledger
import Primitives

/// The genesis file (JSON), the form an operator reads and edits; `genesis()` checks every
/// field and names the one at fault. Public keys are hex; amounts integers in minor units;
/// `pow_limit_bits` is the compact target in hex (e.g. `"207fffff"`, the easiest).
///
/// Read the same way as the sidechain's genesis.json (Node's `GenesisFile`): a Codable DTO
/// at the edge, decoding errors turned into one that names the field.
public struct MainChainGenesisFile: Codable, Sendable, Equatable {
    /// Largest genesis file read.
    public static let fileBytesMax = 16 << 20

    public var chainName: String
    public var timestampMs: UInt64
    public var powLimitBits: String
    public var blockIntervalMs: UInt64
    public var retargetIntervalBlocks: UInt64
    public var suite: UInt8
    public var nativeAsset: String
    public var assets: [Asset]
    public var allocations: [Allocation]

    public struct Asset: Codable, Sendable, Equatable {
        public var symbol: String
        public var decimals: UInt8

        public init(symbol: String, decimals: UInt8) {
            self.symbol = symbol
            self.decimals = decimals
        }
    }

    /// `amount` of `asset` to `public_key` (pay-to-key), or to `multisig_keys` with
    /// `multisig_threshold` (multisig): exactly one of the two forms.
    public struct Allocation: Codable, Sendable, Equatable {
        public var asset: String
        public var amount: UInt64
        public var publicKey: String?
        public var multisigThreshold: UInt8?
        public var multisigKeys: [String]?

        enum CodingKeys: String, CodingKey {
            case asset, amount
            case publicKey = "public_key"
            case multisigThreshold = "multisig_threshold"
            case multisigKeys = "multisig_keys"
        }

        public init(asset: String, amount: UInt64, publicKey: String? = nil, multisigThreshold: UInt8? = nil, multisigKeys: [String]? = nil)
        {
            self.asset = asset
            self.amount = amount
            self.publicKey = publicKey
            self.multisigThreshold = multisigThreshold
            self.multisigKeys = multisigKeys
        }
    }

    enum CodingKeys: String, CodingKey {
        case chainName = "chain_name"
        case timestampMs = "timestamp_ms"
        case powLimitBits = "pow_limit_bits"
        case blockIntervalMs = "block_interval_ms"
        case retargetIntervalBlocks = "retarget_interval_blocks"
        case suite
        case nativeAsset = "native_asset"
        case assets, allocations
    }

    public init(
        chainName: String, timestampMs: UInt64, powLimitBits: String, blockIntervalMs: UInt64, retargetIntervalBlocks: UInt64,
        suite: UInt8 = CryptoSuiteID.schnorrSecp256k1.rawValue, nativeAsset: String, assets: [Asset], allocations: [Allocation]
    ) {
        self.chainName = chainName
        self.timestampMs = timestampMs
        self.powLimitBits = powLimitBits
        self.blockIntervalMs = blockIntervalMs
        self.retargetIntervalBlocks = retargetIntervalBlocks
        self.suite = suite
        self.nativeAsset = nativeAsset
        self.assets = assets
        self.allocations = allocations
    }

    /// The file form of `genesis` (multisig allocations keep their keys in order).
    public init(_ genesis: MainChainGenesis) {
        self.init(
            chainName: genesis.chainName, timestampMs: genesis.timestampMs, powLimitBits: String(genesis.powLimitBits, radix: 16),
            blockIntervalMs: genesis.blockIntervalMs, retargetIntervalBlocks: genesis.retargetIntervalBlocks,
            suite: genesis.suiteID.rawValue, nativeAsset: genesis.nativeAsset.symbol,
            assets: genesis.assets.map { Asset(symbol: $0.symbol, decimals: $0.decimals) },
            allocations: genesis.allocations.map { allocation in
                switch allocation.program {
                case .multisig(let threshold, let keys):
                    Allocation(
                        asset: allocation.asset.symbol, amount: allocation.amount.units, multisigThreshold: threshold,
                        multisigKeys: keys.map(\.description))
                default:
                    Allocation(
                        asset: allocation.asset.symbol, amount: allocation.amount.units,
                        publicKey: allocation.program.traderKey?.description)
                }
            })
    }

    /// The checked genesis this file describes.
    public func genesis() throws(MainChainError) -> MainChainGenesis {
        guard let suiteID = CryptoSuiteID(rawValue: suite) else { throw .genesisInvalid(field: "suite", reason: "unknown suite \(suite)") }
        guard let bits = UInt32(powLimitBits, radix: 16) else {
            throw .genesisInvalid(field: "pow_limit_bits", reason: "expected a compact target in hex, e.g. \"207fffff\"")
        }
        let definitions = assets.map { AssetDefinition(symbol: $0.symbol, decimals: $0.decimals) }
        func asset(_ symbol: String, field: String) throws(MainChainError) -> AssetDefinition {
            guard let found = definitions.first(where: { $0.symbol == symbol }) else {
                throw .genesisInvalid(field: field, reason: "\(symbol) is not listed in assets")
            }
            return found
        }
        let native = try asset(nativeAsset, field: "native_asset")
        var issued: [MainChainGenesis.Allocation] = []
        guard allocations.count <= MainChainGenesis.allocationsMax else {
            throw .genesisInvalid(field: "allocations", reason: "at most \(MainChainGenesis.allocationsMax)")
        }
        for (index, allocation) in allocations.enumerated() {
            let field = "allocations[\(index)]"
            let program: ControlProgram
            switch (allocation.publicKey, allocation.multisigThreshold, allocation.multisigKeys) {
            case (let key?, nil, nil): program = .payToKey(try Self.key(key, field: field + ".public_key"))
            case (nil, let threshold?, let keys?):
                guard keys.count <= ControlProgram.maxMultisigKeys else {
                    throw .genesisInvalid(field: field + ".multisig_keys", reason: "at most \(ControlProgram.maxMultisigKeys) keys")
                }
                var parsed: [PublicKey] = []
                for (keyIndex, key) in keys.enumerated() { parsed.append(try Self.key(key, field: field + ".multisig_keys[\(keyIndex)]")) }
                program = .multisig(threshold: threshold, keys: parsed)
            default:
                throw .genesisInvalid(field: field, reason: "give public_key, or multisig_threshold and multisig_keys")
            }
            issued.append(
                MainChainGenesis.Allocation(
                    asset: try asset(allocation.asset, field: field + ".asset"), amount: Amount(allocation.amount), program: program))
        }
        let genesis = MainChainGenesis(
            chainName: chainName, timestampMs: timestampMs, powLimitBits: bits, blockIntervalMs: blockIntervalMs,
            retargetIntervalBlocks: retargetIntervalBlocks, suiteID: suiteID, nativeAsset: native, assets: definitions, allocations: issued)
        try genesis.check()
        return genesis
    }

    private static func key(_ hex: String, field: String) throws(MainChainError) -> PublicKey {
        guard let bytes = try? Hex.decode(hex), let key = try? PublicKey(bytes: bytes) else {
            throw .genesisInvalid(field: field, reason: "expected a public key in hex")
        }
        return key
    }

    /// Reads and checks the genesis file at `path`.
    public static func load(path: String) throws(MainChainError) -> MainChainGenesis {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .genesisInvalid(field: "(file)", reason: "\(path): \(error.localizedDescription)")
        }
        guard data.count <= fileBytesMax else { throw .genesisInvalid(field: "(file)", reason: "\(path) passes \(fileBytesMax) bytes") }
        return try decode(data, path: path).genesis()
    }

    /// Decodes JSON, naming the field a decoding error is at.
    public static func decode(_ data: Data, path: String = "genesis") throws(MainChainError) -> MainChainGenesisFile {
        do { return try JSONDecoder().decode(MainChainGenesisFile.self, from: data) } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context): throw .genesisInvalid(field: fieldName(context.codingPath + [key]), reason: "missing")
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                throw .genesisInvalid(field: fieldName(context.codingPath), reason: context.debugDescription)
            @unknown default: throw .genesisInvalid(field: "(file)", reason: "\(path): \(error)")
            }
        } catch {
            throw .genesisInvalid(field: "(file)", reason: "\(path): \(error.localizedDescription)")
        }
    }

    /// The file's JSON (sorted keys, pretty-printed).
    public var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings and integers only: encoding cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }

    static func fieldName(_ path: [any CodingKey]) -> String {
        var name = ""
        for key in path {
            if let index = key.intValue { name += "[\(index)]" } else { name += name.isEmpty ? key.stringValue : "." + key.stringValue }
        }
        return name.isEmpty ? "(top level)" : name
    }
}
