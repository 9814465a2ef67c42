import Crypto
import Ledger
import Primitives

/// The sidechain's view of the peg, part of `ChainState` when genesis has a peg section:
/// the main chain's headers (best chain by work, as blocks submitted them), the main-chain
/// outputs already minted, the supply of each pegged asset (minted minus burned), and
/// whether a deep reorganization halted mints.
///
/// Bounds: `headers` holds at most `HeaderTree.headersMaxDefault` headers (side branches more
/// than `forkDepthMax` below its tip are pruned); `minted` holds at most `mintedMax` IDs, and
/// a mint past it is refused (`peg_minted_full`): a mint needs a deposit of at least the
/// asset's minimum, so the bound is a bound on value pegged in over the chain's life, and a
/// chain that reaches it needs a new genesis, not a silent forgetting of old deposits (a
/// deposit stays K deep in the header chain for ever, so it could be minted again).
public struct PegState: Sendable {
    public static let mintedMax = 1_000_000

    /// The genesis section this state follows.
    public let genesis: PegGenesis
    /// Each pegged asset's ID and least deposit (what the ledger's `PegContext` carries).
    public let depositMinimums: [AssetID: Amount]
    public internal(set) var headers: HeaderTree
    /// Main-chain output IDs minted so far: the key that makes a deposit mint once.
    public internal(set) var minted: Set<Hash256>
    /// The multiset hash of `minted` (each element `mintedElementTag ‖ output ID`), kept in step.
    public internal(set) var mintedCommitment: MultisetHash
    /// Per pegged asset: units minted minus units burned by cross-chain-out outputs.
    public internal(set) var supply: [AssetID: UInt64]
    public internal(set) var halted: PegHalt?
    /// Headers accepted over the chain's life, pruned ones included: the store's sequence
    /// number for the next one (a reload accepts them all again in this order, which rebuilds
    /// the same tree).
    public internal(set) var headersAccepted: UInt64 = 0

    static let mintedElementTag: UInt8 = 0x4D

    /// The state at genesis: the main chain's genesis header alone, nothing minted.
    public init(genesis: PegGenesis, assetIDs: [String: AssetID], suite: any CryptoSuite) {
        self.genesis = genesis
        var minimums: [AssetID: Amount] = [:]
        for asset in genesis.peggedAssets {
            guard let id = assetIDs[asset.symbol] else { preconditionFailure("the genesis check lists every pegged asset") }
            minimums[id] = asset.minimumDeposit
        }
        depositMinimums = minimums
        headers = HeaderTree(parameters: genesis.mainChain, suite: suite)
        minted = []
        mintedCommitment = .empty
        supply = minimums.mapValues { _ in 0 }
        halted = nil
    }

    /// K.
    public var confirmationsRequired: UInt64 { genesis.confirmationsRequired }

    /// What the ledger judges a mint against: the federation, K, the pegged assets and the
    /// header tree as it stands.
    public var context: PegContext {
        PegContext(
            federation: genesis.federation, confirmationsRequired: genesis.confirmationsRequired, depositMinimums: depositMinimums,
            headers: headers)
    }

    /// Accepts one submitted header into the tree; a reorganization that disconnects at
    /// least K best-chain headers halts the peg (once: the first halt is kept).
    mutating func accept(_ header: MainChainHeader, index: Int, height: UInt64) throws(ChainError) {
        let formerTip = headers.best.hash
        let change: HeaderTree.Change
        do { change = try headers.accept(header) } catch { throw .pegHeaderRejected(index: index, error) }
        headersAccepted += 1
        guard case .reorganized(let disconnected, _) = change, UInt64(disconnected.count) >= confirmationsRequired, halted == nil
        else { return }
        halted = PegHalt(height: height, disconnectedHeaders: UInt64(disconnected.count), formerTip: formerTip)
    }

    /// Records a mint's deposit IDs and outputs (the ledger and `checkMint` passed it).
    /// Nothing changes unless all of it can: the supplies are summed, and the IDs hashed,
    /// before any is stored.
    mutating func recordMint(depositIDs: [Hash256], outputs: [Output]) throws(ChainError) {
        var newSupply = supply
        for output in outputs {
            let (total, overflow) = newSupply[output.asset, default: 0].addingReportingOverflow(output.amount.units)
            guard !overflow else { throw .ledger(.amountOverflow) }
            newSupply[output.asset] = total
        }
        var batch = MultisetHashAccumulator()
        for id in depositIDs {
            do { try batch.insert(Self.mintedElement(id)) } catch { throw .commitment(error) }
        }
        for id in depositIDs {
            let inserted = minted.insert(id).inserted
            assert(inserted, "checkMint refused a replay")
        }
        mintedCommitment = batch.applied(to: mintedCommitment)
        supply = newSupply
    }

    /// Refuses a mint while halted, a deposit already minted, or one past `mintedMax`.
    func checkMint(depositIDs: [Hash256]) throws(ChainError) {
        if let halted { throw .pegHalted(halted) }
        if let replayed = depositIDs.first(where: { minted.contains($0) }) { throw .pegMintReplayed(outputID: replayed) }
        guard minted.count + depositIDs.count <= Self.mintedMax else { throw .pegMintedFull(limit: Self.mintedMax) }
    }

    /// The supply after burning `amount` of `asset` by a cross-chain-out output: only a
    /// pegged asset, and no more than was pegged in (the federation holds no more to pay out).
    func checkBurn(asset: AssetID, amount: Amount, output: Int) throws(ChainError) -> UInt64 {
        guard let current = supply[asset] else { throw .pegBurnNotPegged(output: output, asset: asset) }
        guard amount.units <= current else { throw .pegBurnExceedsSupply(output: output, supply: current, burned: amount.units) }
        return current - amount.units
    }

    mutating func recordBurn(asset: AssetID, amount: Amount) {
        guard let current = supply[asset], current >= amount.units else { preconditionFailure("checkBurn passed") }
        supply[asset] = current - amount.units
    }

    static func mintedElement(_ id: Hash256) -> [UInt8] { [mintedElementTag] + id.bytes }

    /// The peg's part of the state commitment: the best header's hash, the minted multiset's
    /// digest, each pegged asset's supply in asset-ID order, and the halt (a flag, then its
    /// encoding).
    public func digestBytes() -> [UInt8] {
        var writer = ByteWriter(capacity: 128)
        writer.write(headers.best.hash)
        writer.write(mintedCommitment.digest)
        for asset in supply.keys.sorted() {
            writer.write(asset.hash)
            writer.write(supply[asset] ?? 0)
        }
        writer.write(halted != nil)
        if let halted { halted.encode(to: &writer) }
        return writer.bytes
    }

    /// The header's state commitment: `base` (the UTXO digest folded with the dead-man root)
    /// alone for a chain without a peg, so such chains keep their commitments; else the tagged
    /// hash (`Lodestone/PegState`) of `base` then `digestBytes()`.
    public static func stateCommitment(base: Hash256, peg: PegState?, suite: any CryptoSuite) -> Hash256 {
        guard let peg else { return base }
        return suite.hash(.pegState, base.bytes + peg.digestBytes())
    }
}
