import Chain
import Ledger

extension NodeStatus {
    /// The sidechain's view of the peg (when the genesis has one): the main chain's best
    /// header as the state holds it, what was minted, each pegged asset's supply, whether
    /// mints are halted, and the main-chain headers waiting to go into a block.
    public struct Peg: Codable, Sendable, Equatable {
        /// The best main-chain header in the state's header tree.
        public var headerHeight: UInt64
        public var headerHash: String
        /// Main-chain headers the state's tree holds (side branches included).
        public var headersKnown: Int
        /// Deposits minted over the chain's life.
        public var mintedDeposits: Int
        /// Per pegged asset symbol: units minted minus units burned.
        public var supply: [String: UInt64]
        public var halted: Bool
        /// Why mints stopped; nil while not halted.
        public var haltReason: String?
        /// Main-chain headers waiting for a block (nil when read from a stopped node's folder).
        public var candidatesPending: Int?
        /// Headers refused because the candidate pool or the hand-off was full, over the run.
        public var candidatesRefused: UInt64?

        enum CodingKeys: String, CodingKey {
            case headerHeight = "header_height"
            case headerHash = "header_hash"
            case headersKnown = "headers_known"
            case mintedDeposits = "minted_deposits"
            case supply, halted
            case haltReason = "halt_reason"
            case candidatesPending = "candidates_pending"
            case candidatesRefused = "candidates_refused"
        }

        /// The view of `peg` in a chain configured by `config` (for the pegged assets' symbols).
        init(_ peg: PegState, config: ChainConfig) {
            headerHeight = peg.headers.bestHeight
            headerHash = peg.headers.best.hash.description
            headersKnown = peg.headers.count
            mintedDeposits = peg.minted.count
            var supply: [String: UInt64] = [:]
            for asset in peg.genesis.peggedAssets {
                guard let id = config.assetIDs[asset.symbol] else { continue }
                supply[asset.symbol] = peg.supply[id] ?? 0
            }
            self.supply = supply
            halted = peg.halted != nil
            haltReason = peg.halted?.description
        }
    }

    /// One line for `lodestone status`, or nil without a peg.
    public var pegLine: String? {
        guard let peg else { return nil }
        let supply = peg.supply.keys.sorted().map { "\($0) \(peg.supply[$0] ?? 0)" }.joined(separator: ", ")
        var line =
            "peg main-chain header \(peg.headerHeight) \(peg.headerHash.prefix(16))…  minted \(peg.mintedDeposits)  supply "
            + (supply.isEmpty ? "none" : supply)
        if let pending = peg.candidatesPending { line += "  headers pending \(pending)" }
        if let refused = peg.candidatesRefused, refused > 0 { line += " (refused \(refused))" }
        line += peg.halted ? "  HALTED: \(peg.haltReason ?? "unknown")" : "  minting"
        return line
    }
}
