import Crypto
import Ledger
import MainChain
import Primitives
import Storage
import Testing

@testable import Peg

/// Deposits found by the scanner, judged, minted by MintBuilder from members' shares, and
/// the mint checked by the ledger's own peg rules against the watcher's header tree.
@Suite struct PegInFlowTests {
    let chain = TestMainChain()
    let suite = TestMainChain.suite
    let members: [any SigningKey]
    let dave: any SigningKey
    let btc: AssetID
    let usdt: AssetID
    let sidechainID: Hash256
    let terms: PegTerms

    init() throws {
        members = try (1...3).map { try TestMainChain.suite.signingKey(secret: [UInt8](repeating: 0x10 + $0, count: 32)) }
        dave = try TestMainChain.suite.signingKey(secret: [UInt8](repeating: 0xDA, count: 32))
        btc = AssetID(TestMainChain.suite.hash(.outputID, Array("BTC".utf8)))
        usdt = AssetID(TestMainChain.suite.hash(.outputID, Array("USDT".utf8)))
        sidechainID = TestMainChain.suite.hash(.outputID, Array("sidechain".utf8))
        terms = try PegTerms(
            federation: FederationKeys(threshold: 2, keys: members.map(\.publicKey)), confirmationsRequired: 3,
            depositMinimums: [btc: Amount(10_000)], sidechainChainID: sidechainID, suite: TestMainChain.suite)
    }

    func deposit(_ asset: AssetID, _ units: UInt64, destination: [UInt8], federation: FederationKeys? = nil) -> Output {
        Output(
            asset: asset, amount: Amount(units),
            program: .federationDeposit(
                FederationDeposit(
                    federation: federation ?? terms.federation, destination: destination, refund: .payToKey(dave.publicKey))))
    }

    /// A main-chain transaction paying `outputs` (its input is not checked by the test chain).
    func transaction(_ outputs: [Output], salt: UInt8) -> Transaction {
        Transaction(inputs: [Input(spending: suite.hash(.outputID, [0xEE, salt]), witness: .multisig([]))], outputs: outputs)
    }

    @Test func depositsAreJudgedOnlyOnceKDeepAndMintedWithMShares() throws {
        let good = Array(ControlProgram.payToKey(dave.publicKey).canonicalBytes)
        let other = try FederationKeys(threshold: 1, keys: [suite.signingKey(secret: [UInt8](repeating: 0x77, count: 32)).publicKey])
        let depositTransaction = transaction(
            [
                Output(asset: btc, amount: Amount(5), program: .payToKey(dave.publicKey)),
                deposit(btc, 250_000, destination: good),
                deposit(btc, 9_999, destination: good),
                deposit(usdt, 1_000_000, destination: good),
                deposit(btc, 50_000, destination: [0xFF, 0x01]),
                deposit(btc, 50_000, destination: good, federation: other),
            ], salt: 1)
        chain.mine(transactions: [transaction([], salt: 2)])
        let block = chain.mine(transactions: [transaction([], salt: 3), depositTransaction, transaction([], salt: 4)])
        let record = FederationRecord(store: MemoryStore())
        let client = AnsweringMainChainClient(chain: chain)
        let scanner = DepositScanner(terms: terms, client: client, record: record)

        // Height 2 with the tip at 2: one confirmation, then two; K = 3 waits.
        #expect(try scanner.step().isEmpty)
        chain.mine()
        #expect(try scanner.step().isEmpty)
        #expect(try record.deposit(outputID(depositTransaction, 1)) == nil)
        chain.mine()
        let judged = try scanner.step()
        #expect(judged.map(\.verdict) == [.mint, .refund(.belowMinimum), .refund(.unpeggedAsset), .refund(.malformedDestination)])
        #expect(judged.allSatisfy { $0.height == 2 && $0.blockHash == block.hash(suite: suite) && $0.stage == .decided })
        #expect(try scanner.nextHeight() == 3)
        // Another federation's deposit is not ours; a second step changes nothing.
        #expect(try record.deposit(outputID(depositTransaction, 5)) == nil)
        #expect(try scanner.step().isEmpty)

        // Mint the good one: members 0 and 2 sign; a forged share and a stranger's are dropped.
        let outputID = outputID(depositTransaction, 1)
        let builder = MintBuilder(terms: terms)
        let unsigned = try builder.mint(outputID: outputID, in: try client.block(hash: block.hash(suite: suite)))
        #expect(unsigned.outputs == [Output(asset: btc, amount: Amount(250_000), program: .payToKey(dave.publicKey))])
        let shares = [try builder.share(of: unsigned, key: members[2]), try builder.share(of: unsigned, key: members[0])]
        let forged = KeySignature(keyIndex: 1, signature: shares[0].signature)
        #expect(throws: FederationError.tooFewShares(valid: 1, required: 2)) {
            try builder.assemble(unsigned, shares: [shares[0], forged])
        }
        #expect(throws: FederationError.self) { try builder.share(of: unsigned, key: dave) }
        let mint = try builder.assemble(unsigned, shares: shares + [forged])
        guard case .pegIn(let evidence) = mint.inputs[0].witness else {
            Issue.record("a mint input carries peg-in evidence")
            return
        }
        #expect(evidence.signatures.map(\.keyIndex) == [0, 2])
        #expect(mint.id(suite: suite) == unsigned.id(suite: suite))

        // The ledger's peg rules accept it against the watcher's view of the main chain.
        let watcher = try ReorgWatcher(parameters: chain.parameters, suite: suite, confirmationsRequired: 3, record: record)
        try watcher.sync(client: client)
        try validator(headers: watcher.tree).validate(mint, view: MemoryUTXOSet())
        // Refunded deposits get no mint.
        #expect(throws: FederationError.self) { try builder.mint(outputID: self.outputID(depositTransaction, 2), in: block) }
    }

    @Test func aMintIsRefusedByTheLedgerUntilKDeepInItsHeaders() throws {
        let depositTransaction = transaction(
            [deposit(btc, 20_000, destination: Array(ControlProgram.payToKey(dave.publicKey).canonicalBytes))], salt: 9)
        let block = chain.mine(transactions: [depositTransaction])
        let builder = MintBuilder(terms: terms)
        let unsigned = try builder.mint(outputID: outputID(depositTransaction, 0), in: block)
        let mint = try builder.assemble(
            unsigned, shares: [try builder.share(of: unsigned, key: members[1]), try builder.share(of: unsigned, key: members[2])])
        let watcher = try ReorgWatcher(
            parameters: chain.parameters, suite: suite, confirmationsRequired: 3, record: FederationRecord(store: MemoryStore()))
        let client = AnsweringMainChainClient(chain: chain)
        try watcher.sync(client: client)
        #expect(throws: LedgerError.self) { try validator(headers: watcher.tree).validate(mint, view: MemoryUTXOSet()) }
        chain.mine()
        chain.mine()
        try watcher.sync(client: client)
        try validator(headers: watcher.tree).validate(mint, view: MemoryUTXOSet())
    }

    @Test func aRestartedScannerResumesAtItsCursorAndRedoesNothing() throws {
        let good = Array(ControlProgram.payToKey(dave.publicKey).canonicalBytes)
        let first = transaction([deposit(btc, 20_000, destination: good)], salt: 5)
        chain.mine(transactions: [first])
        for _ in 0..<3 { chain.mine() }
        let store = MemoryStore()
        let client = AnsweringMainChainClient(chain: chain)
        #expect(try DepositScanner(terms: terms, client: client, record: FederationRecord(store: store)).step().count == 1)
        let record = FederationRecord(store: store)
        try record.markDepositSigned(outputID(first, 0))
        // A crash that lost the cursor write: the block is scanned again, the deposit kept as it is.
        try record.setCursor(FederationRecord.scanCursor, 1)
        let restarted = DepositScanner(terms: terms, client: client, record: FederationRecord(store: store))
        #expect(try restarted.step().isEmpty)
        #expect(try record.deposit(outputID(first, 0))?.stage == .signed)
        #expect(try restarted.nextHeight() == 3)
        // A halted member scans nothing.
        try record.setHalt("deep reorg")
        #expect(throws: FederationError.halted(reason: "deep reorg")) { try restarted.step() }
    }

    func outputID(_ transaction: Transaction, _ index: Int) -> Hash256 {
        Transaction.outputID(transactionID: transaction.id(suite: suite), index: index, suite: suite)
    }

    func validator(headers: HeaderTree) -> TransactionValidator {
        TransactionValidator(
            context: ValidationContext(
                chainID: sidechainID, height: 10, nativeAsset: AssetID(suite.hash(.outputID, [0])), suite: suite,
                peg: PegContext(
                    federation: terms.federation, confirmationsRequired: 3, depositMinimums: terms.depositMinimums, headers: headers)))
    }
}
