import Crypto
import Foundation
import Ledger
import MainChain
import Primitives
import Storage
import Testing
import ZeroMQ

@testable import Peg

/// The wallet builders against real rules: a deposit accepted and mined by an in-process
/// main chain and judged `.mint` by the federation's scanner; a burn accepted by the
/// sidechain's ledger checks. Ports 17200–17209.
@Suite(
    "Peg wallet: DepositBuilder on a real main chain, BurnBuilder under the sidechain's ledger rules, holdings paged over ZeroMQ",
    .serialized)
struct WalletBuilderTests {
    let suite: any CryptoSuite = SchnorrSecp256k1Suite()
    let alice: any SigningKey
    let bob: any SigningKey
    let members: [any SigningKey]
    let btc = AssetDefinition(symbol: "BTC", decimals: 8)
    let usdt = AssetDefinition(symbol: "USDT", decimals: 6)
    let genesis: MainChainGenesis
    let terms: PegTerms

    init() throws {
        let suite = self.suite
        alice = try suite.signingKey(secret: [UInt8](repeating: 0xA1, count: 32))
        bob = try suite.signingKey(secret: [UInt8](repeating: 0xB0, count: 32))
        members = try (1...3).map { try suite.signingKey(secret: [UInt8](repeating: 0x10 + $0, count: 32)) }
        genesis = MainChainGenesis(
            chainName: "wallet-test", timestampMs: 1_700_000_000_000, powLimitBits: 0x207f_ffff, blockIntervalMs: 100,
            retargetIntervalBlocks: 10, nativeAsset: btc, assets: [btc, usdt],
            allocations: [
                .init(asset: btc, amount: Amount(70_000), program: .payToKey(alice.publicKey)),
                .init(asset: btc, amount: Amount(50_000), program: .payToKey(alice.publicKey)),
                .init(asset: usdt, amount: Amount(9_000_000), program: .payToKey(alice.publicKey)),
                .init(asset: btc, amount: Amount(1_000_000), program: .payToKey(bob.publicKey)),
            ])
        terms = try PegTerms(
            federation: FederationKeys(threshold: 2, keys: members.map(\.publicKey)), confirmationsRequired: 1,
            depositMinimums: [btc.id(suite: suite): Amount(10_000)], sidechainChainID: suite.hash(.outputID, Array("side".utf8)),
            suite: suite)
    }

    var btcID: AssetID { btc.id(suite: suite) }

    @Test(
        "a deposit from Alice's coins: accepted by the main chain, mined, found by DepositScanner and judged .mint; change back to her; the federation's holdings list it"
    )
    func depositIsMinted() throws {
        let node = try MainChainNode(genesis: genesis, store: MemoryStore())
        let client = AnsweringMainChainClient(node: node)
        let coins = try client.allOutputs(heldBy: .payToKey(alice.publicKey))
        #expect(coins.count == 3)
        let builder = DepositBuilder(terms: terms, mainChainID: genesis.chainID)
        let destination = ControlProgram.payToKey(bob.publicKey)
        let deposit = try builder.deposit(asset: btcID, amount: Amount(100_000), destination: destination, from: coins, key: alice)
        // Deterministic: the same coins in another order give the same transaction.
        #expect(
            try builder.deposit(asset: btcID, amount: Amount(100_000), destination: destination, from: coins.reversed(), key: alice)
                == deposit)
        #expect(deposit.transaction.inputs.count == 2 && deposit.transaction.outputs.count == 2)
        #expect(deposit.transaction.outputs[1] == Output(asset: btcID, amount: Amount(20_000), program: .payToKey(alice.publicKey)))

        #expect(try client.submit(transaction: deposit.transaction) == deposit.transactionID)
        let mined = MainChainMiner(node: node, settings: MinerSettings()).mine(blocks: 1)
        let block = try #require(mined.first)
        #expect(block.transactions == [deposit.transaction])
        let found = DepositScanner.deposits(in: block, terms: terms)
        #expect(found.count == 1 && found[0].outputID == deposit.outputID)
        #expect(terms.judge(found[0].output, found[0].terms) == .mint)
        #expect(try found[0].terms.destinationProgram(suite: suite).get() == destination)
        #expect(found[0].terms.refund == .payToKey(alice.publicKey))

        let held = try client.allOutputs(heldBy: terms.federation.multisigProgram)
        #expect(held.map(\.outputID) == [deposit.outputID] && held[0].record.output.amount == Amount(100_000))
        let left = try client.allOutputs(heldBy: .payToKey(alice.publicKey))
        #expect(left.filter { $0.record.output.asset == btcID }.map(\.record.output.amount.units) == [20_000])
    }

    @Test("refused before signing: unpegged asset, below the minimum, a destination the sidechain would refund, zero, not enough coins")
    func depositRefusals() throws {
        let node = try MainChainNode(genesis: genesis, store: MemoryStore())
        let coins = try AnsweringMainChainClient(node: node).allOutputs(heldBy: .payToKey(alice.publicKey))
        let builder = DepositBuilder(terms: terms, mainChainID: genesis.chainID)
        let to = ControlProgram.payToKey(bob.publicKey)
        #expect(throws: WalletError.unpeggedAsset("\(usdt.id(suite: suite))")) {
            try builder.deposit(asset: usdt.id(suite: suite), amount: Amount(1_000_000), destination: to, from: coins, key: alice)
        }
        #expect(throws: WalletError.belowMinimum(asset: "\(btcID)", amount: 9_999, minimum: 10_000)) {
            try builder.deposit(asset: btcID, amount: Amount(9_999), destination: to, from: coins, key: alice)
        }
        #expect(throws: WalletError.self) {
            try builder.deposit(
                asset: btcID, amount: Amount(20_000), destination: .crossChainOut(mainChainAddress: [1]), from: coins, key: alice)
        }
        #expect(throws: WalletError.badAmount("a deposit must be above 0")) {
            try builder.deposit(asset: btcID, amount: .zero, destination: to, from: coins, key: alice)
        }
        // Bob's coins are not Alice's: only her 120,000 count.
        let bobs = try AnsweringMainChainClient(node: node).allOutputs(heldBy: .payToKey(bob.publicKey))
        #expect(throws: WalletError.insufficientFunds(asset: btcID, needed: 200_000, available: 120_000)) {
            try builder.deposit(asset: btcID, amount: Amount(200_000), destination: to, from: coins + bobs, key: alice)
        }
        #expect(
            Set([11301, 11302, 11303, 11304, 11305, 11306, 11307, 11308])
                == Set(
                    [
                        WalletError.mainChain(.notFound(what: "")), .insufficientFunds(asset: btcID, needed: 0, available: 0),
                        .badAmount(""),
                        .unpeggedAsset(""), .belowMinimum(asset: "", amount: 0, minimum: 0), .badDestination(""), .signingFailed(""),
                        .noPeg,
                    ].map(\.code)))
    }

    @Test(
        "a burn from a key's sidechain coins: crossChainOut to the main-chain pay-to-key, change back, accepted by the sidechain's TransactionValidator"
    )
    func burnPassesLedgerChecks() throws {
        let builder = BurnBuilder(terms: terms)
        let coins =
            (0..<3).map { SidechainCoin(outputID: suite.hash(.outputID, [UInt8($0)]), asset: btcID, amount: Amount(40_000)) }
            + [SidechainCoin(outputID: suite.hash(.outputID, [9]), asset: usdt.id(suite: suite), amount: Amount(5))]
        let address = ControlProgram.payToKey(alice.publicKey)
        let burn = try builder.burn(asset: btcID, amount: Amount(50_000), mainChainAddress: address, from: coins, key: bob)
        #expect(
            burn.transaction.outputs[0]
                == Output(asset: btcID, amount: Amount(50_000), program: .crossChainOut(mainChainAddress: address.canonicalBytes)))
        #expect(burn.transaction.outputs[1] == Output(asset: btcID, amount: Amount(30_000), program: .payToKey(bob.publicKey)))
        #expect(burn.burnOutputID == Transaction.outputID(transactionID: burn.transactionID, index: 0, suite: suite))

        var view = MemoryUTXOSet()
        for coin in coins {
            view.insert(Output(asset: coin.asset, amount: coin.amount, program: .payToKey(bob.publicKey)), id: coin.outputID)
        }
        let context = ValidationContext(chainID: terms.sidechainChainID, height: 5, nativeAsset: usdt.id(suite: suite), suite: suite)
        try TransactionValidator(context: context).validate(burn.transaction, view: view)
        // Signed for the sidechain only: under another chain ID the signatures do not verify.
        let elsewhere = ValidationContext(chainID: genesis.chainID, height: 5, nativeAsset: usdt.id(suite: suite), suite: suite)
        #expect(throws: LedgerError.self) { try TransactionValidator(context: elsewhere).validate(burn.transaction, view: view) }

        #expect(throws: WalletError.unpeggedAsset("\(usdt.id(suite: suite))")) {
            try builder.burn(asset: usdt.id(suite: suite), amount: Amount(1), mainChainAddress: address, from: coins, key: bob)
        }
        #expect(throws: WalletError.self) {
            try builder.burn(
                asset: btcID, amount: Amount(1), mainChainAddress: .crossChainOut(mainChainAddress: [1]), from: coins, key: bob)
        }
        #expect(throws: WalletError.insufficientFunds(asset: btcID, needed: 130_000, available: 120_000)) {
            try builder.burn(asset: btcID, amount: Amount(130_000), mainChainAddress: address, from: coins, key: bob)
        }
    }

    @Test("DevnetMainChainClient pages a holder's outputs from a real node over ZeroMQ; a bad limit is refused before sending")
    func holdingsOverZeroMQ() throws {
        let node = try MainChainNode(genesis: genesis, store: MemoryStore())
        let context = try ZMQContext()
        let server = try MainChainServer(node: node, context: context, rpc: "tcp://127.0.0.1:17201", pub: "tcp://127.0.0.1:17202")
        server.start()
        defer { server.stopAndClose() }
        let client = try DevnetMainChainClient(endpoint: "tcp://127.0.0.1:17201", suite: suite, timeoutMs: 2_000)
        defer { client.close() }
        let alice = ControlProgram.payToKey(self.alice.publicKey)
        let first = try client.outputs(heldBy: alice, after: nil, limit: 2)
        #expect(first.outputs.count == 2 && first.more)
        let second = try client.outputs(heldBy: alice, after: first.nextAfter, limit: 2)
        #expect(second.outputs.count == 1 && !second.more)
        #expect(Set((first.outputs + second.outputs).map(\.outputID)) == Set(try client.allOutputs(heldBy: alice).map(\.outputID)))
        #expect(
            try client.outputs(heldBy: terms.federation.multisigProgram, after: nil, limit: 500)
                == MainChainOutputPage(outputs: [], more: false))
        #expect(throws: MainChainClientError.self) { try client.outputs(heldBy: alice, after: nil, limit: 0) }
    }
}
