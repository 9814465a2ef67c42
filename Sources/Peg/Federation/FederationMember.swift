import Crypto
import Ledger
import Logging
import MainChain
import Primitives

/// One federation member's work loop, as far as it goes without the other members: follow
/// the main chain's headers (halting on a deep reorg), judge K-deep deposits, and sign each
/// decided one — a mint share (sidechain) or refund shares (main chain). The shares it makes
/// are handed back for the member-to-member exchange (not written yet), which assembles
/// (`MintBuilder.assemble`, `MainChainSpendBuilder.assemble`) and submits.
///
/// Not thread-safe: one thread drives `tick`.
public final class FederationMember {
    /// A signed piece of work: the unsigned transaction and this member's shares for it.
    public struct Signed: Hashable, Sendable {
        /// The deposit's main-chain output ID.
        public let outputID: Hash256
        public let verdict: DepositVerdict
        /// The mint (sidechain) or refund (main chain), without signatures.
        public let transaction: Transaction
        /// One per input, in input order.
        public let shares: [KeySignature]
    }

    /// Deposits signed in one tick at most (the next tick goes on).
    public static let signaturesPerTickMax = 256

    public let terms: PegTerms
    public let watcher: ReorgWatcher
    public let scanner: DepositScanner
    private let key: any SigningKey
    private let client: any MainChainClient
    private let record: FederationRecord
    private let mints: MintBuilder
    private let spends: MainChainSpendBuilder
    private let logger: Logger

    /// A member with `key` (one of `terms.federation`'s keys).
    public init(
        terms: PegTerms, key: any SigningKey, client: any MainChainClient, record: FederationRecord, mainChain: MainChainParameters,
        firstHeight: UInt64 = 1, logger: Logger = Logger(label: "lodestone.peg.member")
    ) throws(FederationError) {
        guard terms.federation.keys.contains(key.publicKey) else { throw .badConfiguration("this member's key is not in the federation") }
        self.terms = terms
        self.key = key
        self.client = client
        self.record = record
        self.logger = logger
        watcher = try ReorgWatcher(
            parameters: mainChain, suite: terms.suite, confirmationsRequired: terms.confirmationsRequired, record: record, logger: logger)
        scanner = DepositScanner(terms: terms, client: client, record: record, firstHeight: firstHeight, logger: logger)
        mints = MintBuilder(terms: terms)
        spends = MainChainSpendBuilder(terms: terms, mainChainID: mainChain.genesisHeader.hash(suite: terms.suite))
    }

    /// One round: headers, then deposits, then signatures. Throws `federation_halted` once
    /// halted (a deep reorg, now or before a restart).
    public func tick() throws(FederationError) -> [Signed] {
        try watcher.sync(client: client)
        if case .halted(let reason) = watcher.status { throw .halted(reason: reason) }
        try scanner.step()
        var signed: [Signed] = []
        for work in try record.pendingDeposits() where work.stage == .decided {
            guard signed.count < Self.signaturesPerTickMax, let verdict = work.verdict else { break }
            // The scanner judged it K deep by the node's word; sign only if this member's own
            // header chain agrees (the sidechain will judge the mint by the same rules).
            guard let confirmations = watcher.confirmations(of: work.blockHash), confirmations >= terms.confirmationsRequired else {
                logger.warning("deposit not K deep in this member's headers; waiting", metadata: ["output": "\(work.outputID)"])
                continue
            }
            let block: MainChainBlock
            do { block = try client.block(hash: work.blockHash) } catch { throw .mainChain(error) }
            let transaction: Transaction
            let shares: [KeySignature]
            switch verdict {
            case .mint:
                transaction = try mints.mint(outputID: work.outputID, in: block)
                shares = [try mints.share(of: transaction, key: key)]
            case .refund:
                guard let found = DepositScanner.deposits(in: block, terms: terms).first(where: { $0.outputID == work.outputID }) else {
                    throw .notMintable(outputID: work.outputID, reason: "the deposit is not in its block")
                }
                transaction = try spends.refund(outputID: work.outputID, output: found.output)
                shares = try spends.shares(of: transaction, key: key)
            }
            try record.markDepositSigned(work.outputID)
            signed.append(Signed(outputID: work.outputID, verdict: verdict, transaction: transaction, shares: shares))
        }
        return signed
    }
}
