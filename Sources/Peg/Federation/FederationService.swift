import Crypto
import Ledger
import Logging
import Primitives

/// A federation member at work with the others: each `tick` runs the member's own step
/// (headers, deposits, its mint and refund shares), takes the sidechain's new final burns and
/// proposes their payments, trades shares with the other members (`ShareExchange`), and
/// submits every transaction that has the threshold of valid shares — mints to the sidechain,
/// refunds and payments to the main chain.
///
/// **Exactly once** rests on the chains, not on the members agreeing: a mint spends the
/// deposit's main-chain output ID on the sidechain (minted once), a refund spends the deposit
/// on the main chain, a payment names its burn (paid once). So any member holding the
/// threshold of shares submits, and a duplicate from another member is refused harmlessly.
///
/// **Nothing lost** rests on the record (`FederationRecord`): work is recorded before it is
/// signed and stays pending until it is seen done on chain — a refund or payment in a K-deep
/// main-chain block (`DepositScanner`), a mint committed on the sidechain (or refused there as
/// already minted). A restarted member re-signs its pending work (`resume`) and publishes again.
///
/// Time is injected (`nowMs` on each tick), so tests drive it. Not thread-safe: one thread.
public final class FederationService {
    /// How often things happen, and the bounds on what the service keeps.
    public struct Settings: Sendable {
        /// Pause between ticks (the run loop waits this long for shares).
        public var tickIntervalMs: UInt64 = 250
        /// How often this member's shares for pending work go out again.
        public var republishIntervalMs: UInt64 = 2_000
        /// How often a transaction with enough shares is handed to its chain again while its
        /// work is not seen done.
        public var resubmitIntervalMs: UInt64 = 3_000
        /// Burns read per page, and pages per tick.
        public var burnsPerPage = 200
        public var burnPagesPerTickMax = 8
        /// Pieces of work whose shares are being gathered (own and others'); beyond it, the
        /// oldest that is not this member's own is dropped (it is republished).
        public var collectionsMax = 4_096
        /// Share messages taken from the exchange per tick.
        public var sharesPerTickMax = 1_024

        public init() {}
    }

    /// What a tick did, for logs and tests.
    public struct TickReport: Hashable, Sendable {
        public var signedDeposits = 0
        public var proposedPayments = 0
        public var sharesReceived = 0
        public var sharesRefused = 0
        public var submitted = 0
        public var completed = 0
    }

    /// One transaction whose shares are being gathered.
    struct Collection {
        let kind: FederationShare.Kind
        let workID: Hash256
        let transaction: Transaction
        let transactionID: Hash256
        /// Valid shares by signer (checked on arrival).
        var sharesBySigner: [UInt8: [KeySignature]] = [:]
        /// Whether this member signed it (then it is republished until done).
        var own = false
        var lastPublishedMs: UInt64?
        var lastSubmittedMs: UInt64?
        var arrival: UInt64
    }

    struct CollectionKey: Hashable {
        let kind: FederationShare.Kind
        let transactionID: Hash256
    }

    public let member: FederationMember
    public let settings: Settings
    let record: FederationRecord
    private let mainChain: any MainChainClient
    private let sidechain: any SidechainClient
    let exchange: ShareExchange
    private let logger: Logger
    private var collections: [CollectionKey: Collection] = [:]
    private var arrivals: UInt64 = 0
    private var burnsAfter: Hash256?
    private var haltLogged = false
    /// When the sidechain was last asked which pending mints it committed (once per
    /// `resubmitIntervalMs`: one status query per pending mint).
    private var lastMintCheckMs: UInt64?
    /// Burns whose wait (or refusal) was logged, so a burn waiting for holdings is logged once,
    /// not every tick (bounded like the collections).
    private var waitingBurnsLogged = Set<Hash256>()
    /// The sidechain height the burns cursor stands at (persisted in the record).
    static let burnsCursor = "burns_height"

    public init(
        member: FederationMember, record: FederationRecord, mainChain: any MainChainClient, sidechain: any SidechainClient,
        exchange: ShareExchange, settings: Settings = Settings(), logger: Logger = Logger(label: "lodestone.peg.federation")
    ) {
        self.member = member
        self.record = record
        self.mainChain = mainChain
        self.sidechain = sidechain
        self.exchange = exchange
        self.settings = settings
        self.logger = logger
    }

    private var terms: PegTerms { member.terms }
    private var suite: any CryptoSuite { member.terms.suite }

    /// Rebuilds this member's shares for the work it had signed before a restart (deposits
    /// signed or submitted, burns with a payment), so they are published and submitted again.
    public func resume() throws(FederationError) {
        for work in try record.pendingDeposits() where work.stage >= .signed {
            guard let verdict = work.verdict else { continue }
            do {
                let signed = try member.sign(work, verdict: verdict)
                addOwn(
                    kind: verdict == .mint ? .mint : .refund, workID: work.outputID, transaction: signed.transaction, shares: signed.shares)
            } catch {
                logger.warning("pending deposit not re-signed; next tick", metadata: ["output": "\(work.outputID)", "error": "\(error)"])
            }
        }
        for work in try record.pendingBurns() where work.stage >= .decided {
            guard let payment = work.payment else { continue }
            addOwn(kind: .payment, workID: work.burnID, transaction: payment, shares: try member.signPayment(payment))
        }
    }

    /// One round at time `nowMs`. Throws `federation_halted` while the member is halted (a
    /// deep main-chain reorg): nothing is signed or submitted then.
    @discardableResult
    public func tick(nowMs: UInt64) throws(FederationError) -> TickReport {
        var report = TickReport()
        let signed: [FederationMember.Signed]
        do { signed = try member.tick() } catch {
            if case .halted(let reason) = error, !haltLogged {
                haltLogged = true
                logger.critical(
                    "federation member halted: no mint, refund or payment until an operator clears it", metadata: ["reason": "\(reason)"])
            }
            throw error
        }
        for made in signed {
            addOwn(kind: made.verdict == .mint ? .mint : .refund, workID: made.outputID, transaction: made.transaction, shares: made.shares)
        }
        report.signedDeposits = signed.count
        report.proposedPayments = try takeBurns()
        let (received, refused) = takeShares()
        report.sharesReceived = received
        report.sharesRefused = refused
        let (submitted, completed) = try submitReady(nowMs: nowMs)
        report.submitted = submitted
        if lastMintCheckMs.map({ nowMs >= $0 + settings.resubmitIntervalMs }) ?? true {
            lastMintCheckMs = nowMs
            report.completed = completed + (try completeMints())
        } else {
            report.completed = completed
        }
        publishOwn(nowMs: nowMs)
        try forgetDone()
        return report
    }

    /// Runs ticks until `stop` says so, waiting for shares between them, and hands
    /// `afterTick` the time after each; a halted member keeps running (status and logs say
    /// why) and does nothing else.
    public func run(nowMs: () -> UInt64, stop: () -> Bool, afterTick: (UInt64) -> Void = { _ in }) {
        while !stop() {
            do { try tick(nowMs: nowMs()) } catch {
                if case .halted = error {} else { logger.warning("federation tick failed; next tick", metadata: ["error": "\(error)"]) }
            }
            afterTick(nowMs())
            exchangeWait()
        }
    }

    private func exchangeWait() {
        let shares = exchange.receive(timeoutMs: Int(settings.tickIntervalMs), countMax: settings.sharesPerTickMax)
        for share in shares { _ = take(share) }
    }

    // MARK: Burns (peg-out)

    /// Reads the sidechain's new final burns, records them, and proposes and signs a payment
    /// for each new one. Returns the payments proposed.
    private func takeBurns() throws(FederationError) -> Int {
        var fromHeight = try record.cursor(Self.burnsCursor) ?? 0
        var proposed = 0
        for _ in 0..<settings.burnPagesPerTickMax {
            let page: SidechainBurnPage
            do { page = try sidechain.burns(fromHeight: fromHeight, after: burnsAfter, limit: settings.burnsPerPage) } catch {
                logger.warning("sidechain burns not read; next tick", metadata: ["error": "\(error)"])
                break
            }
            for burn in page.burns {
                try record.seeBurn(
                    burnID: burn.outputID, height: burn.height, asset: burn.asset, amount: burn.amount,
                    mainChainAddress: burn.mainChainAddress)
                if burn.height != fromHeight {
                    try record.setCursor(Self.burnsCursor, burn.height)
                    fromHeight = burn.height
                }
                burnsAfter = burn.outputID
            }
            guard page.more else { break }
        }
        let seen = try record.pendingBurns().filter { $0.stage == .seen }
        guard !seen.isEmpty else { return proposed }
        // Read once for all of them; each payment proposed takes its inputs out.
        var free = try freeHoldings(exceptPaymentOf: nil)
        for work in seen {
            if try propose(work, from: &free) { proposed += 1 }
        }
        return proposed
    }

    /// Builds this member's payment of `work` from `free` (the K-deep holdings no other pending
    /// payment spends), records it, signs it, and takes its inputs out of `free`. False when
    /// the holdings do not cover it yet (deposits still on their way to K deep): tried again
    /// next tick.
    private func propose(_ work: BurnWork, from free: inout [FederationHolding]) throws(FederationError) -> Bool {
        let payment: Transaction
        do {
            payment = try member.spends.payment(
                burnID: work.burnID, asset: work.asset, amount: work.amount, mainChainAddress: work.mainChainAddress, holdings: free)
        } catch {
            if case .insufficientHoldings = error {
                // Once per burn, not every tick: it is tried again each tick until it fits.
                if waitingBurnsLogged.count < settings.collectionsMax, waitingBurnsLogged.insert(work.burnID).inserted {
                    logger.warning("burn waits for holdings", metadata: ["burn": "\(work.burnID)", "error": "\(error)"])
                }
                return false
            }
            if case .unpayableBurn = error {
                // The sidechain refuses burns to addresses that do not decode to a payable
                // program, so this is a broken rule, not a user's mistake: report it loudly
                // (once per burn).
                if waitingBurnsLogged.count < settings.collectionsMax, waitingBurnsLogged.insert(work.burnID).inserted {
                    logger.critical("burn cannot be paid", metadata: ["burn": "\(work.burnID)", "error": "\(error)"])
                }
                return false
            }
            throw error
        }
        if work.stage == .seen {
            try record.proposeBurnPayment(work.burnID, payment: payment)
        } else {
            try record.reproposeBurnPayment(work.burnID, payment: payment)
            for (key, collection) in collections where collection.kind == .payment && collection.workID == work.burnID {
                collections[key]?.own = false
            }
        }
        let shares = try member.signPayment(payment)
        try record.markBurnSigned(work.burnID)
        let spent = Set(payment.inputs.map(\.spentOutputID))
        free.removeAll { spent.contains($0.outputID) }
        waitingBurnsLogged.remove(work.burnID)
        addOwn(kind: .payment, workID: work.burnID, transaction: payment, shares: shares)
        logger.info("payment proposed", metadata: ["burn": "\(work.burnID)", "transaction": "\(payment.id(suite: suite))"])
        return true
    }

    /// The K-deep holdings that no pending payment spends, other than `burnID`'s own (the one
    /// being replaced).
    private func freeHoldings(exceptPaymentOf burnID: Hash256?) throws(FederationError) -> [FederationHolding] {
        var taken = Set<Hash256>()
        for other in try record.pendingBurns() where other.burnID != burnID {
            for input in other.payment?.inputs ?? [] { taken.insert(input.spentOutputID) }
        }
        return try record.holdings().filter { !taken.contains($0.outputID) }
    }

    // MARK: Shares

    private func addOwn(kind: FederationShare.Kind, workID: Hash256, transaction: Transaction, shares: [KeySignature]) {
        let key = CollectionKey(kind: kind, transactionID: transaction.id(suite: suite))
        var collection =
            collections[key] ?? newCollection(kind: kind, workID: workID, transaction: transaction, transactionID: key.transactionID)
        collection.sharesBySigner[member.keyIndex] = shares
        collection.own = true
        collection.lastPublishedMs = nil
        store(collection, at: key)
    }

    private func newCollection(kind: FederationShare.Kind, workID: Hash256, transaction: Transaction, transactionID: Hash256) -> Collection
    {
        arrivals += 1
        return Collection(kind: kind, workID: workID, transaction: transaction, transactionID: transactionID, arrival: arrivals)
    }

    /// Keeps `collection`, dropping the oldest one that is not this member's own when full.
    private func store(_ collection: Collection, at key: CollectionKey) {
        if collections[key] == nil, collections.count >= settings.collectionsMax {
            guard let oldest = collections.filter({ !$0.value.own }).min(by: { $0.value.arrival < $1.value.arrival })?.key else {
                logger.warning(
                    "share collections full of this member's own work; share dropped", metadata: ["work": "\(collection.workID)"])
                return
            }
            collections[oldest] = nil
        }
        collections[key] = collection
    }

    /// Takes what the exchange holds now; returns (taken, refused).
    private func takeShares() -> (Int, Int) {
        var taken = 0
        var refused = 0
        for share in exchange.receive(timeoutMs: 0, countMax: settings.sharesPerTickMax) {
            if take(share) { taken += 1 } else { refused += 1 }
        }
        return (taken, refused)
    }

    /// Adds a peer's shares when they verify; signs a peer's payment this member checked
    /// and has not signed. False when refused.
    @discardableResult
    func take(_ share: FederationShare) -> Bool {
        guard Int(share.signer) < terms.federation.keys.count, share.signer != member.keyIndex else { return false }
        // What members build has one input (a mint, a refund) or at most
        // `holdingsPerPaymentMax` (a payment): anything larger is refused before a signature
        // is checked, so a share costs at most that many verifications.
        let inputsMax = share.kind == .payment ? MainChainSpendBuilder.holdingsPerPaymentMax : 1
        guard share.transaction.inputs.count == share.shares.count, (1...inputsMax).contains(share.transaction.inputs.count) else {
            return false
        }
        let transactionID = share.transaction.id(suite: suite)
        let key = CollectionKey(kind: share.kind, transactionID: transactionID)
        guard verify(share) else {
            logger.warning("share does not verify; dropped", metadata: ["signer": "\(share.signer)", "work": "\(share.workID)"])
            return false
        }
        var collection =
            collections[key]
            ?? newCollection(kind: share.kind, workID: share.workID, transaction: share.transaction, transactionID: transactionID)
        guard collection.workID == share.workID else { return false }
        collection.sharesBySigner[share.signer] = share.shares
        if share.kind == .payment, !collection.own, let shares = checkedPaymentShares(share) {
            collection.sharesBySigner[member.keyIndex] = shares
            collection.own = true
        }
        store(collection, at: key)
        return true
    }

    /// Whether every share in `share` verifies against its transaction under the signer's key.
    private func verify(_ share: FederationShare) -> Bool {
        let key = terms.federation.keys[Int(share.signer)]
        for (index, keyShare) in share.shares.enumerated() {
            guard keyShare.keyIndex == share.signer else { return false }
            let message: Hash256 =
                share.kind == .mint
                ? member.mints.signatureHash(of: share.transaction, inputIndex: index)
                : member.spends.message(of: share.transaction, inputIndex: index)
            guard suite.verify(keyShare.signature, of: message.bytes, by: key) else { return false }
        }
        return true
    }

    /// This member's shares of a peer's payment, when this member knows the burn and the
    /// payment passes `PaymentCheck` against its own K-deep holdings.
    private func checkedPaymentShares(_ share: FederationShare) -> [KeySignature]? {
        do {
            guard let burn = try record.burn(share.workID), burn.stage != .done else { return nil }
            var holdings: [Hash256: Output] = [:]
            for holding in try record.holdings() { holdings[holding.outputID] = holding.output }
            if let problem = PaymentCheck.problem(share.transaction, burn: burn, holdings: holdings, builder: member.spends) {
                logger.info("peer's payment not signed", metadata: ["burn": "\(burn.burnID)", "why": "\(problem)"])
                return nil
            }
            return try member.signPayment(share.transaction)
        } catch {
            logger.warning("peer's payment not checked", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func publishOwn(nowMs: UInt64) {
        for (key, collection) in collections where collection.own {
            if let last = collection.lastPublishedMs, nowMs < last + settings.republishIntervalMs { continue }
            guard let shares = collection.sharesBySigner[member.keyIndex] else { continue }
            exchange.publish(
                FederationShare(
                    kind: collection.kind, workID: collection.workID, signer: member.keyIndex, transaction: collection.transaction,
                    shares: shares))
            collections[key]?.lastPublishedMs = nowMs
        }
    }

    // MARK: Submitting

    /// Submits every transaction with the threshold of shares that is due; returns
    /// (submitted, completed by a "done already" answer).
    private func submitReady(nowMs: UInt64) throws(FederationError) -> (Int, Int) {
        var submitted = 0
        var completed = 0
        let threshold = Int(terms.federation.threshold)
        for key in collections.keys.sorted(by: { collections[$0]?.arrival ?? 0 < collections[$1]?.arrival ?? 0 }) {
            guard let collection = collections[key], collection.sharesBySigner.count >= threshold else { continue }
            if let last = collection.lastSubmittedMs, nowMs < last + settings.resubmitIntervalMs { continue }
            guard try !isDone(collection) else { continue }
            collections[key]?.lastSubmittedMs = nowMs
            let signers = collection.sharesBySigner.keys.sorted()
            let assembled: Transaction
            switch collection.kind {
            case .mint:
                assembled = try member.mints.assemble(
                    collection.transaction, shares: signers.flatMap { collection.sharesBySigner[$0] ?? [] })
            case .refund, .payment:
                assembled = try member.spends.assemble(
                    collection.transaction, memberShares: signers.compactMap { collection.sharesBySigner[$0] })
            }
            switch try submit(assembled, collection) {
            case .submitted: submitted += 1
            case .completed: completed += 1
            case .retry: break
            }
        }
        return (submitted, completed)
    }

    enum SubmitOutcome { case submitted, completed, retry }

    private func submit(_ transaction: Transaction, _ collection: Collection) throws(FederationError) -> SubmitOutcome {
        let id = collection.transactionID
        let metadata: Logger.Metadata = ["kind": "\(collection.kind.name)", "work": "\(collection.workID)", "transaction": "\(id)"]
        if collection.kind == .mint {
            let answer: SidechainSubmission
            do { answer = try sidechain.submit(transaction) } catch {
                logger.warning("mint not submitted; will retry", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                return .retry
            }
            switch answer {
            case .accepted:
                try markSubmitted(collection)
                logger.info("mint submitted", metadata: metadata)
                return .submitted
            case .refused(let code, let name, _, let text):
                if answer.specificCode == Self.sidechainMintReplayed {
                    try record.markDepositDone(collection.workID, height: 0)
                    logger.info("mint already on the sidechain", metadata: metadata)
                    return .completed
                }
                let level: Logger.Level = answer.specificCode == Self.sidechainPegHalted ? .critical : .warning
                logger.log(
                    level: level, "mint refused; will retry",
                    metadata: metadata.merging(["code": "\(code)", "name": "\(name)", "text": "\(text)"]) { $1 })
                return .retry
            }
        }
        do {
            _ = try mainChain.submit(transaction: transaction)
        } catch {
            if case .remote(let code, _) = error {
                // A payment of this burn is pooled or mined already (9510): it is done only once
                // the scanner sees one K deep, so this one waits rather than marking it done —
                // the pooled one may still be dropped.
                if code == Self.mainChainDuplicate {
                    try markSubmitted(collection)
                    return .submitted
                }
                if collection.kind == .payment, Self.mainChainInputGone.contains(code), try record.burn(collection.workID)?.stage != .done {
                    // Another payment took these holdings; this member proposes anew.
                    if let work = try record.burn(collection.workID), work.payment.map({ $0.id(suite: suite) }) == id {
                        var free = try freeHoldings(exceptPaymentOf: work.burnID)
                        _ = try propose(work, from: &free)
                    }
                }
            }
            logger.warning(
                "\(collection.kind.name) refused by the main chain; will retry", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            return .retry
        }
        try markSubmitted(collection)
        logger.info("\(collection.kind.name) submitted", metadata: metadata)
        return .submitted
    }

    private func markSubmitted(_ collection: Collection) throws(FederationError) {
        switch collection.kind {
        case .mint, .refund:
            guard let work = try record.deposit(collection.workID), work.stage == .signed || work.stage == .submitted else { return }
            try record.markDepositSubmitted(collection.workID, transactionID: collection.transactionID)
        case .payment:
            guard let work = try record.burn(collection.workID), work.stage == .signed || work.stage == .submitted,
                work.payment.map({ $0.id(suite: suite) }) == collection.transactionID
            else { return }
            try record.markBurnSubmitted(collection.workID, transactionID: collection.transactionID)
        }
    }

    /// Marks done the mints the sidechain has committed, whoever submitted them: those this
    /// member submitted (their ID is in the record) and those it signed (their ID is its
    /// collection's; the mint is deterministic, so every member's has the same ID). Without
    /// this a member whose peers finished and went quiet would wait for shares that no longer
    /// come.
    private func completeMints() throws(FederationError) -> Int {
        var candidates: [Hash256: Hash256] = [:]  // deposit output ID → mint transaction ID
        for collection in collections.values where collection.kind == .mint && collection.own {
            candidates[collection.workID] = collection.transactionID
        }
        for work in try record.pendingDeposits() where work.stage == .submitted && work.verdict == .mint {
            if let id = work.transactionID { candidates[work.outputID] = id }
        }
        var completed = 0
        for (outputID, id) in candidates.sorted(by: { $0.key.bytes.lexicographicallyPrecedes($1.key.bytes) }) {
            guard let work = try record.deposit(outputID), work.stage != .done else { continue }
            let height: UInt64?
            do { height = try sidechain.committedHeight(ofTransaction: id) } catch { continue }
            guard let height else { continue }
            try record.markDepositDone(outputID, height: height)
            logger.info("mint committed", metadata: ["output": "\(outputID)", "height": "\(height)"])
            completed += 1
        }
        return completed
    }

    private func isDone(_ collection: Collection) throws(FederationError) -> Bool {
        switch collection.kind {
        case .mint, .refund: try record.deposit(collection.workID)?.stage == .done
        case .payment: try record.burn(collection.workID)?.stage == .done
        }
    }

    private func forgetDone() throws(FederationError) {
        for (key, collection) in collections where try isDone(collection) { collections[key] = nil }
    }

    /// Pieces of work whose shares are being gathered now.
    public var collectionCount: Int { collections.count }

    // The codes the service acts on (the chains' own tables: docs/CHAIN.md, docs/MAINCHAIN.md).
    static let sidechainPegHalted: UInt32 = 8403
    static let sidechainMintReplayed: UInt32 = 8404
    static let mainChainDuplicate: UInt16 = 9512
    /// Mempool conflict, spent or unknown output: a payment's holdings went to another one.
    static let mainChainInputGone: Set<UInt16> = [9513, 9524, 9525]
}
