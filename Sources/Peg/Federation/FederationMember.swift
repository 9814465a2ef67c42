import Crypto
import Ledger
import Logging
import MainChain
import Primitives

/// One federation member's own part of the work: follow the main chain's headers (halting on
/// a deep reorg), judge K-deep deposits, and sign each decided one — a mint share
/// (sidechain) or refund shares (main chain). `FederationService` drives it, exchanges the
/// shares with the other members, assembles and submits.
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
    public let mints: MintBuilder
    public let spends: MainChainSpendBuilder
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
            let made = try sign(work, verdict: verdict)
            try record.markDepositSigned(work.outputID)
            signed.append(made)
        }
        return signed
    }

    /// This member's index in the federation's keys.
    public var keyIndex: UInt8 {
        // The initializer checked that the key is one of the federation's.
        UInt8(terms.federation.keys.firstIndex(of: key.publicKey) ?? 0)
    }

    /// Builds `work`'s transaction (the mint, or the refund) and signs it: for work judged
    /// in this tick, and again for work signed before a restart (signatures are not kept;
    /// any valid share serves, and the transaction is the same, built from the same block).
    public func sign(_ work: DepositWork, verdict: DepositVerdict) throws(FederationError) -> Signed {
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
        return Signed(outputID: work.outputID, verdict: verdict, transaction: transaction, shares: shares)
    }

    /// This member's shares of a main-chain payment (peg-out) it checked.
    public func signPayment(_ payment: Transaction) throws(FederationError) -> [KeySignature] {
        try spends.shares(of: payment, key: key)
    }
}
