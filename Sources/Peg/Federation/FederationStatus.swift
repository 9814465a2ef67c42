import Ledger
import Primitives

/// What a federation member is doing, for operators (`lodestone federation status`, the
/// member folder's `status.json`): whether it is halted and why, how far it has read each
/// chain, its pending work by stage, what it holds on the main chain K deep, and its share
/// exchange's counters.
public struct FederationStatus: Codable, Sendable, Equatable {
    /// This member's index in the federation's keys.
    public var keyIndex: UInt8
    /// Why the member halted (a main-chain reorg of K or more); nil while working.
    public var haltReason: String?
    /// The next main-chain height the deposit scanner reads (blocks below are K deep and done).
    public var mainChainScanHeight: UInt64
    /// The best main-chain height in the member's own header tree.
    public var mainChainHeaderHeight: UInt64
    /// The sidechain height the burns cursor stands at.
    public var sidechainBurnsHeight: UInt64
    /// Deposits and burns not done, by stage name (seen, decided, signed, submitted).
    public var pendingDeposits: [String: Int]
    public var pendingBurns: [String: Int]
    /// K-deep main-chain holdings, per asset (hex ID): units.
    public var holdings: [String: UInt64]
    /// Pieces of work gathering shares.
    public var collections: Int
    /// Share messages that did not decode, and shares that could not be queued.
    public var sharesGarbage: Int
    public var sharesUnsent: Int

    public init(
        keyIndex: UInt8, haltReason: String?, mainChainScanHeight: UInt64, mainChainHeaderHeight: UInt64, sidechainBurnsHeight: UInt64,
        pendingDeposits: [String: Int], pendingBurns: [String: Int], holdings: [String: UInt64], collections: Int, sharesGarbage: Int,
        sharesUnsent: Int
    ) {
        self.keyIndex = keyIndex
        self.haltReason = haltReason
        self.mainChainScanHeight = mainChainScanHeight
        self.mainChainHeaderHeight = mainChainHeaderHeight
        self.sidechainBurnsHeight = sidechainBurnsHeight
        self.pendingDeposits = pendingDeposits
        self.pendingBurns = pendingBurns
        self.holdings = holdings
        self.collections = collections
        self.sharesGarbage = sharesGarbage
        self.sharesUnsent = sharesUnsent
    }

    enum CodingKeys: String, CodingKey {
        case keyIndex = "key_index"
        case haltReason = "halt_reason"
        case mainChainScanHeight = "main_chain_scan_height"
        case mainChainHeaderHeight = "main_chain_header_height"
        case sidechainBurnsHeight = "sidechain_burns_height"
        case pendingDeposits = "pending_deposits"
        case pendingBurns = "pending_burns"
        case holdings, collections
        case sharesGarbage = "shares_garbage"
        case sharesUnsent = "shares_unsent"
    }

    /// Lines for a person.
    public var lines: [String] {
        let pending = { (counts: [String: Int]) in
            counts.isEmpty
                ? "none"
                : WorkStage.allCases.compactMap { stage in counts[stage.name].map { "\(stage.name) \($0)" } }.joined(separator: ", ")
        }
        return [
            "member \(keyIndex)  " + (haltReason.map { "HALTED: \($0)" } ?? "working"),
            "main chain: headers to \(mainChainHeaderHeight), scanned below \(mainChainScanHeight)",
            "sidechain: burns read from height \(sidechainBurnsHeight)",
            "pending deposits: \(pending(pendingDeposits))",
            "pending burns: \(pending(pendingBurns))",
            "holdings (K deep): "
                + (holdings.isEmpty
                    ? "none" : holdings.keys.sorted().map { "\($0.prefix(16))… \(holdings[$0] ?? 0)" }.joined(separator: ", ")),
            "shares: \(collections) gathering, \(sharesGarbage) garbage, \(sharesUnsent) unsent",
        ]
    }
}

extension FederationService {
    /// The member's status now (reads its record).
    public func status() throws(FederationError) -> FederationStatus {
        var deposits: [String: Int] = [:]
        for work in try record.pendingDeposits() { deposits[work.stage.name, default: 0] += 1 }
        var burns: [String: Int] = [:]
        for work in try record.pendingBurns() { burns[work.stage.name, default: 0] += 1 }
        var holdings: [String: UInt64] = [:]
        for holding in try record.holdings() {
            let (sum, overflow) = holdings[holding.output.asset.hash.description, default: 0].addingReportingOverflow(
                holding.output.amount.units)
            holdings[holding.output.asset.hash.description] = overflow ? .max : sum
        }
        return FederationStatus(
            keyIndex: member.keyIndex, haltReason: try record.haltReason(), mainChainScanHeight: try member.scanner.nextHeight(),
            mainChainHeaderHeight: member.watcher.tree.bestHeight, sidechainBurnsHeight: try record.cursor(Self.burnsCursor) ?? 0,
            pendingDeposits: deposits, pendingBurns: burns, holdings: holdings, collections: collectionCount,
            sharesGarbage: exchange.garbageCount, sharesUnsent: exchange.unsentCount)
    }
}
