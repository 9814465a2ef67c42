import Crypto
import Ledger
import MainChain
import Primitives
import Storage
import Testing

@testable import Peg

@Suite struct FederationMemberTests {
    let chain = TestMainChain()
    let suite = TestMainChain.suite
    let members: [any SigningKey]
    let dave: any SigningKey
    let btc: AssetID
    let terms: PegTerms

    init() throws {
        members = try (1...3).map { try TestMainChain.suite.signingKey(secret: [UInt8](repeating: 0x30 + $0, count: 32)) }
        dave = try TestMainChain.suite.signingKey(secret: [UInt8](repeating: 0xDA, count: 32))
        btc = AssetID(TestMainChain.suite.hash(.outputID, Array("BTC".utf8)))
        terms = try PegTerms(
            federation: FederationKeys(threshold: 2, keys: members.map(\.publicKey)), confirmationsRequired: 2,
            depositMinimums: [btc: Amount(10_000)], sidechainChainID: TestMainChain.suite.hash(.outputID, [5]), suite: TestMainChain.suite)
    }

    func deposit(_ units: UInt64, destination: [UInt8]) -> Output {
        Output(
            asset: btc, amount: Amount(units),
            program: .federationDeposit(
                FederationDeposit(federation: terms.federation, destination: destination, refund: .payToKey(dave.publicKey))))
    }

    @Test func aTickSignsEachKDeepDepositOnceAndTwoMembersSharesAssemble() throws {
        let good = ControlProgram.payToKey(dave.publicKey).canonicalBytes
        let depositTransaction = Transaction(
            inputs: [Input(spending: suite.hash(.outputID, [0xEE]), witness: .multisig([]))],
            outputs: [deposit(20_000, destination: good), deposit(30_000, destination: [0x00])])
        chain.mine(transactions: [depositTransaction])
        let client = AnsweringMainChainClient(chain: chain)
        let first = try FederationMember(
            terms: terms, key: members[0], client: client, record: FederationRecord(store: MemoryStore()), mainChain: chain.parameters)
        let secondRecord = FederationRecord(store: MemoryStore())
        let second = try FederationMember(terms: terms, key: members[2], client: client, record: secondRecord, mainChain: chain.parameters)
        #expect(try first.tick().isEmpty)  // one confirmation, K = 2
        chain.mine()
        let a = try first.tick()
        let b = try second.tick()
        #expect(a.map(\.verdict).sorted { "\($0)" < "\($1)" } == [.mint, .refund(.malformedDestination)].sorted { "\($0)" < "\($1)" })
        #expect(try first.tick().isEmpty)  // signed once
        #expect(try secondRecord.pendingDeposits().allSatisfy { $0.stage == .signed })

        let mints = MintBuilder(terms: terms)
        let mintA = try #require(a.first { $0.verdict == .mint })
        let mintB = try #require(b.first { $0.verdict == .mint })
        #expect(mintA.transaction == mintB.transaction)
        let mint = try mints.assemble(mintA.transaction, shares: mintA.shares + mintB.shares)
        let context = ValidationContext(
            chainID: terms.sidechainChainID, height: 1, nativeAsset: btc, suite: suite,
            peg: PegContext(
                federation: terms.federation, confirmationsRequired: 2, depositMinimums: terms.depositMinimums, headers: first.watcher.tree)
        )
        try TransactionValidator(context: context).validate(mint, view: MemoryUTXOSet())

        let refundA = try #require(a.first { $0.verdict != .mint })
        let refundB = try #require(b.first { $0.verdict != .mint })
        let spends = MainChainSpendBuilder(terms: terms, mainChainID: chain.genesisHash)
        let refund = try spends.assemble(refundA.transaction, memberShares: [refundA.shares, refundB.shares])
        var view = MemoryUTXOSet()
        view.insert(depositTransaction.outputs[1], id: refundA.outputID)
        try TransactionValidator(context: ValidationContext(chainID: chain.genesisHash, height: 3, nativeAsset: btc, suite: suite))
            .validate(refund, view: view)
    }

    @Test func aMemberWhoseKeyIsNotInTheFederationIsRefused() {
        #expect(throws: FederationError.self) {
            try FederationMember(
                terms: terms, key: dave, client: AnsweringMainChainClient(chain: chain), record: FederationRecord(store: MemoryStore()),
                mainChain: chain.parameters)
        }
    }
}
