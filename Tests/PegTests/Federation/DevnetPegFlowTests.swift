import Chain
import Crypto
import Foundation
import Ledger
import MainChain
import Primitives
import Storage
import Testing
import ZeroMQ

@testable import Peg

/// The member core against a real in-process main chain (node, RPC server, miner) through
/// the devnet adapter: deposits made on the main chain are judged at K, two members' shares
/// make a mint the Ledger accepts and a refund the main chain mines, and a burn is paid from
/// the federation's holdings exactly once (ports 9531–9539).
@Suite struct DevnetPegFlowTests {
    @Test func depositRefundAndPegOutOnARealMainChain() throws {
        let suite: any CryptoSuite = SchnorrSecp256k1Suite()
        let alice = try suite.signingKey(secret: [UInt8](repeating: 0xA1, count: 32))
        let dave = try suite.signingKey(secret: [UInt8](repeating: 0xDA, count: 32))
        let members = try (1...3).map { try suite.signingKey(secret: [UInt8](repeating: 0x40 + $0, count: 32)) }
        let btc = AssetDefinition(symbol: "BTC", decimals: 8)
        let genesis = MainChainGenesis(
            chainName: "peg-flow", timestampMs: 1_700_000_000_000, powLimitBits: 0x207f_ffff, blockIntervalMs: 100,
            retargetIntervalBlocks: 10, nativeAsset: btc, assets: [btc],
            allocations: [.init(asset: btc, amount: Amount(1_000_000), program: .payToKey(alice.publicKey))])
        let node = try MainChainNode(genesis: genesis, store: MemoryStore())
        let server = try MainChainServer(node: node, context: try ZMQContext(), rpc: "tcp://127.0.0.1:9531", pub: "tcp://127.0.0.1:9532")
        server.start()
        defer { server.stopAndClose() }
        let client = try DevnetMainChainClient(endpoint: "tcp://127.0.0.1:9531", suite: suite, timeoutMs: 2_000)
        let miner = MainChainMiner(node: node, settings: MinerSettings())
        let btcID = btc.id(suite: suite)
        let terms = try PegTerms(
            federation: FederationKeys(threshold: 2, keys: members.map(\.publicKey)), confirmationsRequired: 2,
            depositMinimums: [btcID: Amount(10_000)], sidechainChainID: suite.hash(.outputID, [0x5C]), suite: suite)

        // Alice deposits 400 000 to Dave on the sidechain, and 100 000 with a malformed destination.
        let depositTerms = { (destination: [UInt8]) in
            ControlProgram.federationDeposit(
                FederationDeposit(federation: terms.federation, destination: destination, refund: .payToKey(alice.publicKey)))
        }
        let genesisOutput = Transaction.outputID(transactionID: genesis.issuance.id(suite: suite), index: 0, suite: suite)
        let deposit = try Transaction(
            inputs: [Input(spending: genesisOutput, witness: .feePayout)],
            outputs: [
                Output(
                    asset: btcID, amount: Amount(400_000), program: depositTerms(ControlProgram.payToKey(dave.publicKey).canonicalBytes)),
                Output(asset: btcID, amount: Amount(100_000), program: depositTerms([0xFF])),
                Output(asset: btcID, amount: Amount(500_000), program: .payToKey(alice.publicKey)),
            ]
        ).withWitnesses(chainID: genesis.chainID, suite: suite) { _, sighash in
            .signature(try suite.signDeterministically(sighash, with: alice))
        }
        _ = try client.submit(transaction: deposit)
        #expect(miner.mine(blocks: 1).count == 1)

        let records = [FederationRecord(store: MemoryStore()), FederationRecord(store: MemoryStore())]
        let memberCores = try [0, 2].enumerated().map { slot, keyIndex in
            try FederationMember(terms: terms, key: members[keyIndex], client: client, record: records[slot], mainChain: genesis.parameters)
        }
        #expect(try memberCores[0].tick().isEmpty)  // one confirmation; K = 2
        #expect(miner.mine(blocks: 1).count == 1)
        let signed = try memberCores.map { try $0.tick() }
        #expect(signed.allSatisfy { $0.count == 2 })

        // The mint: the Ledger accepts it against a member's header tree.
        let mintShares = signed.compactMap { $0.first { $0.verdict == .mint } }
        let mint = try MintBuilder(terms: terms).assemble(mintShares[0].transaction, shares: mintShares.flatMap(\.shares))
        let sidechain = ValidationContext(
            chainID: terms.sidechainChainID, height: 1, nativeAsset: btcID, suite: suite,
            peg: PegContext(
                federation: terms.federation, confirmationsRequired: 2, depositMinimums: terms.depositMinimums,
                headers: memberCores[0].watcher.tree))
        try TransactionValidator(context: sidechain).validate(mint, view: MemoryUTXOSet())

        // The refund: submitted to the main chain and mined; Alice has her 100 000 back.
        let spends = MainChainSpendBuilder(terms: terms, mainChainID: genesis.chainID)
        let refundShares = signed.compactMap { $0.first { $0.verdict == .refund(.malformedDestination) } }
        let refund = try spends.assemble(refundShares[0].transaction, memberShares: refundShares.map(\.shares))
        let refundID = try client.submit(transaction: refund)
        #expect(miner.mine(blocks: 1).count == 1)
        let refunded = try client.output(id: Transaction.outputID(transactionID: refundID, index: 0, suite: suite))
        #expect(refunded.output == Output(asset: btcID, amount: Amount(100_000), program: .payToKey(alice.publicKey)))

        // A burn of 150 000 to Erin, paid from the minted deposit (the federation's holding).
        let erin = try suite.signingKey(secret: [UInt8](repeating: 0xE1, count: 32))
        let holdingID = mintShares[0].outputID
        let holding = FederationHolding(outputID: holdingID, output: try client.output(id: holdingID).output)
        let burnID = suite.hash(.outputID, Array("a sidechain burn".utf8))
        let payment = try spends.payment(
            burnID: burnID, asset: btcID, amount: Amount(150_000), mainChainAddress: ControlProgram.payToKey(erin.publicKey).canonicalBytes,
            holdings: [holding])
        let paid = try spends.assemble(
            payment, memberShares: [try spends.shares(of: payment, key: members[1]), try spends.shares(of: payment, key: members[0])])
        let paymentID = try client.submit(transaction: paid)
        #expect(miner.mine(blocks: 1).count == 1)
        #expect(
            try client.output(id: Transaction.outputID(transactionID: paymentID, index: 0, suite: suite)).output.amount == Amount(150_000))
        let change = try client.output(id: Transaction.outputID(transactionID: paymentID, index: 1, suite: suite))
        #expect(change.output == Output(asset: btcID, amount: Amount(250_000), program: terms.federation.multisigProgram))

        // The same burn again, from the change: the main chain refuses it, and the client does not retry.
        let again = try spends.payment(
            burnID: burnID, asset: btcID, amount: Amount(150_000), mainChainAddress: ControlProgram.payToKey(erin.publicKey).canonicalBytes,
            holdings: [
                FederationHolding(outputID: Transaction.outputID(transactionID: paymentID, index: 1, suite: suite), output: change.output)
            ])
        let againSigned = try spends.assemble(
            again, memberShares: [try spends.shares(of: again, key: members[0]), try spends.shares(of: again, key: members[2])])
        do {
            _ = try client.submit(transaction: againSigned)
            Issue.record("a burn is paid once")
        } catch {
            guard case .remote = error else { throw error }
        }
    }
}
