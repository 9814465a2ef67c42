import Crypto
import Ledger
import Primitives

/// An asset the peg moves between the chains: the same `AssetDefinition` (symbol and
/// decimals) on both, so the same `AssetID`, and the least deposit the federation mints.
public struct PeggedAsset: Hashable, Sendable, CanonicalCodable {
    /// The symbol of one of the genesis assets.
    public let symbol: String
    /// A deposit below this is not minted (the federation refunds it on the main chain).
    public let minimumDeposit: Amount

    public init(symbol: String, minimumDeposit: Amount) {
        self.symbol = symbol
        self.minimumDeposit = minimumDeposit
    }

    public func encode(to writer: inout ByteWriter) {
        writer.writeBytes(Array(symbol.utf8))
        writer.write(minimumDeposit)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let bytes = try reader.readBytes(field: "peg.pegged_asset.symbol", limit: AssetDefinition.maxSymbolBytes)
        guard let symbol = String(validating: bytes, as: UTF8.self) else {
            throw .invalidValue(field: "peg.pegged_asset.symbol", reason: "not UTF-8")
        }
        self.init(symbol: symbol, minimumDeposit: try reader.readAmount())
    }
}

/// The genesis section that turns the peg on: the main chain the sidechain follows (its
/// genesis header and proof-of-work rules), the federation that signs mints, how deep a
/// deposit must be in the sidechain's header chain before it is minted (K), and the pegged
/// assets. Folded into the chain ID (`Genesis.encode`) only when present.
public struct PegGenesis: Hashable, Sendable, CanonicalCodable {
    /// Most pegged assets a chain lists.
    public static let peggedAssetsMax = 64
    /// The most confirmations a chain may require: a deposit deeper than the tree's fork
    /// bound can never be reorganized away, so requiring more only stalls mints.
    public static let confirmationsRequiredMax = HeaderTree.forkDepthMaxDefault

    public let mainChain: MainChainParameters
    public let federation: FederationKeys
    /// K: a deposit is minted once its main-chain block is at least this deep (1 = the tip).
    public let confirmationsRequired: UInt64
    public let peggedAssets: [PeggedAsset]

    public init(
        mainChain: MainChainParameters, federation: FederationKeys, confirmationsRequired: UInt64, peggedAssets: [PeggedAsset]
    ) {
        self.mainChain = mainChain
        self.federation = federation
        self.confirmationsRequired = confirmationsRequired
        self.peggedAssets = peggedAssets
    }

    /// What is wrong with the section against the genesis' assets, or nil: main-chain
    /// parameters valid, a well-formed federation, 1 ≤ K ≤ `confirmationsRequiredMax`, and
    /// 1...`peggedAssetsMax` distinct listed assets with positive minimums.
    public func problem(assets: Set<String>, suite: any CryptoSuite) -> String? {
        if let problem = mainChain.problem() { return "main chain: \(problem)" }
        if let problem = federation.problem(suite: suite) { return "federation: \(problem)" }
        guard (1...Self.confirmationsRequiredMax).contains(confirmationsRequired) else {
            return "confirmations_required must be 1...\(Self.confirmationsRequiredMax)"
        }
        guard (1...Self.peggedAssetsMax).contains(peggedAssets.count) else { return "must list 1...\(Self.peggedAssetsMax) pegged assets" }
        guard Set(peggedAssets.map(\.symbol)).count == peggedAssets.count else { return "pegged assets must be distinct" }
        if let unlisted = peggedAssets.first(where: { !assets.contains($0.symbol) }) {
            return "pegged asset \(unlisted.symbol) is not a genesis asset"
        }
        if let zero = peggedAssets.first(where: { $0.minimumDeposit == .zero }) {
            return "pegged asset \(zero.symbol) needs a positive minimum deposit"
        }
        return nil
    }

    public func encode(to writer: inout ByteWriter) {
        mainChain.encode(to: &writer)
        federation.encode(to: &writer)
        writer.write(confirmationsRequired)
        writer.writeArray(peggedAssets)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(
            mainChain: try MainChainParameters(from: &reader), federation: try FederationKeys(from: &reader),
            confirmationsRequired: try reader.readUInt64(),
            peggedAssets: try reader.readArray(of: PeggedAsset.self, field: "peg.pegged_assets", limit: Self.peggedAssetsMax))
    }
}
