import Crypto
import Foundation
import Ledger
import MainChain
import Primitives
import Storage
import Synchronization
import TestSupport
import Testing
import ZeroMQ

@testable import Peg

/// Three federation members (2 of 3) as `FederationService`s over a real main chain (node,
/// RPC server, miner, devnet client) and real share exchanges (ZeroMQ over TCP), with a
/// sidechain that judges mints by the Ledger's peg rules against its own header tree and
/// mints each deposit once. Ports 17300–17329.
@Suite(.serialized) struct FederationServiceTests {
    static let suite: any CryptoSuite = SchnorrSecp256k1Suite()

    /// A sidechain as the members see it through `SidechainClient`: mints are checked by
    /// `TransactionValidator` with a `PegContext` whose header tree follows the main chain
    /// (the relay's job on a node), and a deposit mints once (8404 after); burns are what the
    /// test burns. Supply is minted − burned, per asset.
    final class LedgerSidechain: SidechainClient, @unchecked Sendable {
        struct State {
            var headers: HeaderTree
            var minted: [Hash256: UInt64] = [:]  // deposit output ID → height
            var committed: [Hash256: UInt64] = [:]  // mint transaction ID → height
            var outputs: [Output] = []
            var burns: [SidechainBurn] = []
            var supply: [AssetID: UInt64] = [:]
            var height: UInt64 = 1
            var mintSubmissions = 0
        }
        let terms: PegTerms
        let nativeAsset: AssetID
        let state: Mutex<State>

        init(terms: PegTerms, mainChain: MainChainParameters, nativeAsset: AssetID) {
            self.terms = terms
            self.nativeAsset = nativeAsset
            state = Mutex(State(headers: HeaderTree(parameters: mainChain, suite: FederationServiceTests.suite)))
        }

        /// Takes the main chain's best headers up to its tip.
        /// Takes the main chain's best headers, from a few below its own tip (so a reorg of
        /// the main chain reaches it as a heavier branch, as the node's relay finds by locator).
        func follow(_ client: any MainChainClient) throws {
            let from = state.withLock { $0.headers.bestHeight }
            let headers = try client.headers(fromHeight: from > 8 ? from - 8 : 1, countMax: 512)
            state.withLock { state in
                for header in headers where state.headers.entry(header.hash(suite: terms.suite)) == nil {
                    _ = try? state.headers.accept(header)
                }
            }
        }

        func burn(_ amount: UInt64, of asset: AssetID, to mainChainAddress: [UInt8]) -> Hash256 {
            state.withLock { state in
                let id = FederationServiceTests.suite.hash(.outputID, Array("burn \(state.burns.count)".utf8))
                state.burns.append(
                    SidechainBurn(
                        outputID: id, asset: asset, amount: Amount(amount), mainChainAddress: mainChainAddress, height: state.height))
                state.supply[asset, default: 0] -= amount
                state.height += 1
                return id
            }
        }

        func burns(fromHeight: UInt64, after: Hash256?, limit: Int) throws(SidechainClientError) -> SidechainBurnPage {
            state.withLock { state in
                var listed = state.burns.filter { $0.height >= fromHeight }
                if let after, let index = listed.firstIndex(where: { $0.outputID == after }) { listed.removeFirst(index + 1) }
                return SidechainBurnPage(burns: Array(listed.prefix(limit)), more: listed.count > limit)
            }
        }

        func submit(_ transaction: Transaction) throws(SidechainClientError) -> SidechainSubmission {
            state.withLock { state in
                state.mintSubmissions += 1
                let context = ValidationContext(
                    chainID: terms.sidechainChainID, height: state.height, nativeAsset: nativeAsset, suite: terms.suite,
                    peg: PegContext(
                        federation: terms.federation, confirmationsRequired: terms.confirmationsRequired,
                        depositMinimums: terms.depositMinimums, headers: state.headers))
                do { try TransactionValidator(context: context).validate(transaction, view: MemoryUTXOSet()) } catch {
                    let coded = error as? any CodedError
                    return .refused(code: 8001, name: "ledger_rejected", causeCode: UInt32(coded?.code ?? 0), text: "\(error)")
                }
                let deposits = transaction.inputs.map(\.spentOutputID)
                if deposits.contains(where: { state.minted[$0] != nil }) {
                    return .refused(code: 8404, name: "peg_mint_replayed", causeCode: 0, text: "minted already")
                }
                for deposit in deposits { state.minted[deposit] = state.height }
                state.committed[transaction.id(suite: terms.suite)] = state.height
                for output in transaction.outputs {
                    state.outputs.append(output)
                    state.supply[output.asset, default: 0] += output.amount.units
                }
                state.height += 1
                return .accepted
            }
        }

        func committedHeight(ofTransaction id: Hash256) throws(SidechainClientError) -> UInt64? {
            state.withLock { $0.committed[id] }
        }
    }

    /// One member: its record's store survives a "kill" (the service, exchange and member are
    /// dropped and rebuilt from it).
    final class Member {
        let key: any SigningKey
        let store = MemoryStore()
        let listen: String
        let peers: [String]
        var service: FederationService?
        var exchange: ShareExchange?

        init(key: any SigningKey, listen: String, peers: [String]) {
            self.key = key
            self.listen = listen
            self.peers = peers
        }

        var record: FederationRecord { FederationRecord(store: store) }

        func start(terms: PegTerms, client: any MainChainClient, sidechain: any SidechainClient, mainChain: MainChainParameters) throws {
            let record = FederationRecord(store: store)
            let member = try FederationMember(terms: terms, key: key, client: client, record: record, mainChain: mainChain)
            let exchange = try ShareExchange(listen: listen, peers: peers)
            var settings = FederationService.Settings()
            settings.republishIntervalMs = 100
            settings.resubmitIntervalMs = 100
            let service = FederationService(
                member: member, record: record, mainChain: client, sidechain: sidechain, exchange: exchange, settings: settings)
            try service.resume()
            self.exchange = exchange
            self.service = service
        }

        func kill() {
            exchange?.close()
            exchange = nil
            service = nil
        }
    }

    /// A main chain (node, RPC server, miner, devnet client) whose genesis gives Alice 1 000 000
    /// BTC units, a 2-of-3 federation with K = `k`, the ledger-judging sidechain, and three
    /// members on ports `portBase` (RPC), +1 (PUB), +10...+12 (shares).
    final class Network {
        let suite = FederationServiceTests.suite
        let alice: any SigningKey
        let keys: [any SigningKey]
        let btcID: AssetID
        let genesis: MainChainGenesis
        let node: MainChainNode
        let server: MainChainServer
        let client: DevnetMainChainClient
        let miner: MainChainMiner
        let terms: PegTerms
        let sidechain: LedgerSidechain
        let members: [Member]
        var nowMs: UInt64 = 0

        init(name: String, k: UInt64, portBase: Int, seed: UInt8) throws {
            let suite = FederationServiceTests.suite
            alice = try suite.signingKey(secret: [UInt8](repeating: seed, count: 32))
            keys = try (1...3).map { try suite.signingKey(secret: [UInt8](repeating: seed &+ 0x10 &+ $0, count: 32)) }
            let btc = AssetDefinition(symbol: "BTC", decimals: 8)
            btcID = btc.id(suite: suite)
            genesis = MainChainGenesis(
                chainName: name, timestampMs: 1_700_000_000_000, powLimitBits: 0x207f_ffff, blockIntervalMs: 100,
                retargetIntervalBlocks: 1_000, nativeAsset: btc, assets: [btc],
                allocations: [.init(asset: btc, amount: Amount(1_000_000), program: .payToKey(alice.publicKey))])
            node = try MainChainNode(genesis: genesis, store: MemoryStore())
            let rpc = "tcp://127.0.0.1:\(portBase)"
            server = try MainChainServer(node: node, context: try ZMQContext(), rpc: rpc, pub: "tcp://127.0.0.1:\(portBase + 1)")
            server.start()
            client = try DevnetMainChainClient(endpoint: rpc, suite: suite, timeoutMs: 2_000)
            miner = MainChainMiner(node: node, settings: MinerSettings())
            terms = try PegTerms(
                federation: FederationKeys(threshold: 2, keys: keys.map(\.publicKey)), confirmationsRequired: k,
                depositMinimums: [btcID: Amount(10_000)], sidechainChainID: suite.hash(.outputID, Array(name.utf8)), suite: suite)
            sidechain = LedgerSidechain(terms: terms, mainChain: genesis.parameters, nativeAsset: btcID)
            let endpoints = (0..<3).map { "tcp://127.0.0.1:\(portBase + 10 + $0)" }
            let memberKeys = keys
            members = (0..<3).map { index in
                Member(
                    key: memberKeys[index], listen: endpoints[index],
                    peers: endpoints.enumerated().filter { $0.offset != index }.map(\.element))
            }
            for member in members { try start(member) }
        }

        func start(_ member: Member) throws {
            try member.start(terms: terms, client: client, sidechain: sidechain, mainChain: genesis.parameters)
        }

        func close() {
            for member in members { member.kill() }
            server.stopAndClose()
        }

        /// Alice's deposit (signed, not submitted) of the genesis coin: `deposits` (amount,
        /// sidechain destination bytes) to the federation, the rest back to her.
        func deposit(_ deposits: [(UInt64, [UInt8])]) throws -> Transaction {
            let genesisOutput = Transaction.outputID(transactionID: genesis.issuance.id(suite: suite), index: 0, suite: suite)
            let toFederation = deposits.map { amount, destination in
                Output(
                    asset: btcID, amount: Amount(amount),
                    program: .federationDeposit(
                        FederationDeposit(federation: terms.federation, destination: destination, refund: .payToKey(alice.publicKey))))
            }
            let rest = 1_000_000 - deposits.reduce(0) { $0 + $1.0 }
            return try Transaction(
                inputs: [Input(spending: genesisOutput, witness: .feePayout)],
                outputs: toFederation + [Output(asset: btcID, amount: Amount(rest), program: .payToKey(alice.publicKey))]
            ).withWitnesses(chainID: genesis.chainID, suite: suite) { [alice, suite] _, sighash in
                .signature(try suite.signDeterministically(sighash, with: alice))
            }
        }

        /// One tick of every running member, a pause for the exchange's TCP hop, the
        /// sidechain's header tree brought up to date.
        func tickAll() throws {
            nowMs += 150
            for member in members { try member.service?.tick(nowMs: nowMs) }
            Thread.sleep(forTimeInterval: 0.03)
            try sidechain.follow(client)
        }

        /// Checked after every round of `run` (the supply invariant).
        var afterRound: () throws -> Void = {}

        /// Rounds of `tickAll` with a main-chain block after each, until `done`.
        func run(until done: () throws -> Bool, roundsMax: Int = 60) throws {
            for _ in 0..<roundsMax {
                if try done() { return }
                try tickAll()
                _ = miner.mine(blocks: 1)
                try sidechain.follow(client)
                try afterRound()
            }
            Issue.record("not reached in \(roundsMax) rounds")
        }
    }

    @Test func depositsMintAndRefundAndABurnIsPaidOnceThroughAKilledMember() throws {
        let network = try Network(name: "federation-service", k: 2, portBase: 17301, seed: 0xA1)
        defer { network.close() }
        let (suite, client, terms, sidechain, members, btcID) =
            (network.suite, network.client, network.terms, network.sidechain, network.members, network.btcID)
        let dave = try suite.signingKey(secret: [UInt8](repeating: 0xDA, count: 32))
        let erin = try suite.signingKey(secret: [UInt8](repeating: 0xE1, count: 32))

        // Alice deposits 400 000 to Dave on the sidechain and 100 000 with a malformed destination.
        let depositID = try client.submit(
            transaction: try network.deposit([(400_000, ControlProgram.payToKey(dave.publicKey).canonicalBytes), (100_000, [0xFF])]))
        let minted = Transaction.outputID(transactionID: depositID, index: 0, suite: suite)
        let refunded = Transaction.outputID(transactionID: depositID, index: 1, suite: suite)
        _ = network.miner.mine(blocks: 1)
        let erinAddress = ControlProgram.payToKey(erin.publicKey)

        // After every round: what the federation holds on the main chain equals the sidechain's
        // supply plus what is in flight — the deposit not minted yet, the refund not made yet,
        // burns not paid yet. Nothing is created or lost at any step.
        var rounds = 0
        network.afterRound = {
            rounds += 1
            let held = try client.allOutputs(heldBy: terms.federation.multisigProgram)
                .filter { $0.record.output.asset == btcID }.reduce(0) { $0 + $1.record.output.amount.units }
            let (supply, isMinted, burned) = sidechain.state.withLock { state in
                (state.supply[btcID] ?? 0, state.minted[minted] != nil, state.burns.reduce(0) { $0 + $1.amount.units })
            }
            let unminted: UInt64 = isMinted ? 0 : 400_000
            let unrefunded: UInt64 = (try? client.output(id: refunded)) != nil ? 100_000 : 0
            let paid = try client.allOutputs(heldBy: erinAddress).reduce(0) { $0 + $1.record.output.amount.units }
            #expect(held == supply + unminted + unrefunded + (burned - paid), "round \(rounds)")
        }

        // Every member's record ends with both done: the mint committed, the refund K deep.
        try network.run(until: {
            try members.allSatisfy { member in
                try member.record.deposit(minted)?.stage == .done && member.record.deposit(refunded)?.stage == .done
            }
        })
        #expect(
            sidechain.state.withLock { $0.outputs } == [Output(asset: btcID, amount: Amount(400_000), program: .payToKey(dave.publicKey))])
        let aliceRefund = try client.allOutputs(heldBy: .payToKey(network.alice.publicKey)).filter {
            $0.record.output.amount == Amount(100_000)
        }
        #expect(aliceRefund.count == 1, "the malformed deposit came back to Alice once")
        let status = try #require(try members[1].service?.status())
        #expect(status.keyIndex == 1 && status.haltReason == nil && status.pendingDeposits.isEmpty)
        #expect(status.holdings == [btcID.hash.description: 400_000], "the minted deposit is held K deep; the refunded one never was")

        // Dave burns 150 000 to Erin. Member 0 proposes and publishes, then is killed.
        let burnID = sidechain.burn(150_000, of: btcID, to: erinAddress.canonicalBytes)
        network.nowMs += 150
        try members[0].service?.tick(nowMs: network.nowMs)
        #expect(try members[0].record.burn(burnID)?.stage == .signed)
        members[0].kill()
        try network.run(until: { try members[1...].allSatisfy { try $0.record.burn(burnID)?.stage == .done } })
        // Restarted from its record, member 0 finds the payment K deep and proposes nothing more.
        try network.start(members[0])
        try network.run(until: { try members[0].record.burn(burnID)?.stage == .done })
        _ = network.miner.mine(blocks: 3)
        for member in members { try member.service?.tick(nowMs: network.nowMs + 10_000) }
        let erinCoins = try client.allOutputs(heldBy: .payToKey(erin.publicKey))
        #expect(erinCoins.map(\.record.output.amount) == [Amount(150_000)], "Erin is paid exactly once")

        // Supply: the sidechain's BTC (minted − burned) equals what the federation holds on the
        // main chain, by every member's record and by the main chain's own unspent set.
        let supply = sidechain.state.withLock { $0.supply[btcID] ?? 0 }
        #expect(supply == 250_000)
        for member in members {
            let held = try member.record.holdings().filter { $0.output.asset == btcID }
            #expect(held.reduce(0) { $0 + $1.output.amount.units } == supply)
            for holding in held { #expect(try client.output(id: holding.outputID).output == holding.output) }
        }
        let onChain = try client.allOutputs(heldBy: terms.federation.multisigProgram)
        #expect(onChain.filter { $0.record.output.asset == btcID }.reduce(0) { $0 + $1.record.output.amount.units } == supply)
        #expect(rounds > 5, "the invariant was checked along the way, not only at the end")
    }

    /// Members killed and restarted at seeded moments — any member, at any round, while
    /// deposits are minted and refunded and burns are paid — neither repeat nor lose a
    /// transfer: at the end every deposit is minted once, the malformed one refunded once,
    /// every burn paid once, and the supply invariant held after every round.
    @Test(arguments: [UInt64(1), 2, 3])
    func membersKilledAtSeededMomentsNeitherRepeatNorLose(seed: UInt64) throws {
        let network = try Network(name: "federation-kills-\(seed)", k: 2, portBase: 17340 + 20 * Int(seed - 1), seed: 0xB0 &+ UInt8(seed))
        defer { network.close() }
        let (suite, client, terms, sidechain, members, btcID) =
            (network.suite, network.client, network.terms, network.sidechain, network.members, network.btcID)
        var random = seededRandom(seed)
        let dave = try suite.signingKey(secret: [UInt8](repeating: 0xDC, count: 32))
        let erin = try suite.signingKey(secret: [UInt8](repeating: 0xE2, count: 32))
        let erinAddress = ControlProgram.payToKey(erin.publicKey)
        let mints: [UInt64] = [100_000, 150_000, 200_000]
        let davesProgram = ControlProgram.payToKey(dave.publicKey).canonicalBytes
        let depositID = try client.submit(transaction: try network.deposit(mints.map { ($0, davesProgram) } + [(50_000, [0xFE])]))
        let depositOutputs = (0..<4).map { Transaction.outputID(transactionID: depositID, index: $0, suite: suite) }
        _ = network.miner.mine(blocks: 1)
        let burns: [UInt64] = [120_000, 80_000, 60_000]
        var burnIDs: [Hash256] = []
        var downUntil: [Int: Int] = [:]  // member index → round it comes back
        var kills = 0
        var burnAddedAt = -1

        func check(round: Int) throws {
            let held = try client.allOutputs(heldBy: terms.federation.multisigProgram).reduce(0) { $0 + $1.record.output.amount.units }
            let (supply, minted, burned) = sidechain.state.withLock { state in
                (state.supply[btcID] ?? 0, state.minted, state.burns.reduce(0) { $0 + $1.amount.units })
            }
            let unminted = zip(depositOutputs.prefix(3), mints).reduce(0) { $0 + (minted[$1.0] == nil ? $1.1 : 0) }
            let unrefunded: UInt64 = (try? client.output(id: depositOutputs[3])) != nil ? 50_000 : 0
            let paid = try client.allOutputs(heldBy: erinAddress).reduce(0) { $0 + $1.record.output.amount.units }
            #expect(held == supply + unminted + unrefunded + (burned - paid), "seed \(seed) round \(round)")
        }
        func allDone() throws -> Bool {
            guard burnIDs.count == burns.count, downUntil.isEmpty else { return false }
            return try members.allSatisfy { member in
                try depositOutputs.allSatisfy { try member.record.deposit($0)?.stage == .done }
                    && burnIDs.allSatisfy { try member.record.burn($0)?.stage == .done }
            }
        }

        var round = 0
        while try !allDone() {
            round += 1
            guard round <= 240 else {
                Issue.record("seed \(seed): not done in 240 rounds")
                break
            }
            // Back up: members whose time is over; down: one more, now and then (never the
            // last two at once for long: a restart is at most 4 rounds away).
            for (index, until) in downUntil where until <= round {
                try network.start(members[index])
                downUntil[index] = nil
            }
            // A kill the round after the deposits' first signatures and after each burn (mid-
            // transfer by construction), and at random besides.
            let forced = round == 2 || burnAddedAt == round - 1
            let up = (0..<3).filter { downUntil[$0] == nil }
            if forced || Int.random(in: 0..<3, using: &random) == 0, let index = up.randomElement(using: &random) {
                members[index].kill()
                downUntil[index] = round + Int.random(in: 1...4, using: &random)
                kills += 1
            }
            // Dave burns once his mints are in, one burn every few rounds.
            let mintedSoFar = sidechain.state.withLock { $0.minted.count }
            if mintedSoFar == mints.count, burnIDs.count < burns.count, Int.random(in: 0..<3, using: &random) == 0 {
                burnIDs.append(sidechain.burn(burns[burnIDs.count], of: btcID, to: erinAddress.canonicalBytes))
                burnAddedAt = round
            }
            try network.tickAll()
            _ = network.miner.mine(blocks: 1)
            try sidechain.follow(client)
            try check(round: round)
        }
        #expect(kills >= 4, "seed \(seed): the schedule killed members")
        let daveMints = sidechain.state.withLock { $0.outputs }.filter { $0.program == .payToKey(dave.publicKey) }.map(\.amount.units)
        #expect(daveMints.sorted() == mints, "each deposit minted exactly once")
        let refunds = try client.allOutputs(heldBy: .payToKey(network.alice.publicKey)).filter { $0.record.output.amount == Amount(50_000) }
        #expect(refunds.count == 1, "the malformed deposit refunded exactly once")
        let paid = try client.allOutputs(heldBy: erinAddress).map(\.record.output.amount.units)
        #expect(paid.sorted() == burns.sorted(), "each burn paid exactly once")
        let supply = sidechain.state.withLock { $0.supply[btcID] ?? 0 }
        #expect(supply == 450_000 - 260_000)
    }

    @Test func aShareWithMoreInputsThanItsKindAllowsIsRefusedBeforeItsSignaturesAreChecked() throws {
        let network = try Network(name: "federation-bounds", k: 2, portBase: 17150, seed: 0xC1)
        defer { network.close() }
        let service = try #require(network.members[0].service)
        let signature = try Signature(bytes: [UInt8](repeating: 0x5E, count: 64))
        func share(_ kind: FederationShare.Kind, inputs: Int, shares: Int) -> FederationShare {
            let transaction = Transaction(
                inputs: (0..<inputs).map { Input(spending: network.suite.hash(.outputID, [UInt8($0)]), witness: .multisig([])) },
                outputs: [Output(asset: network.btcID, amount: Amount(1), program: network.terms.federation.multisigProgram)])
            return FederationShare(
                kind: kind, workID: network.suite.hash(.outputID, [0xFF]), signer: 1, transaction: transaction,
                shares: Array(repeating: KeySignature(keyIndex: 1, signature: signature), count: shares))
        }
        #expect(!service.take(share(.mint, inputs: 2, shares: 2)), "a mint has one input")
        #expect(!service.take(share(.refund, inputs: 2, shares: 2)), "a refund has one input")
        #expect(!service.take(share(.payment, inputs: MainChainSpendBuilder.holdingsPerPaymentMax + 1, shares: 65)))
        #expect(!service.take(share(.payment, inputs: 3, shares: 2)), "one share per input")
        #expect(!service.take(share(.payment, inputs: 2, shares: 2)), "within bounds, but the signatures do not verify")
        #expect(service.collectionCount == 0, "nothing refused was kept")
    }

    /// A block on `parent` (hash) built and mined here, as a rival miner would: the target the
    /// node's retarget rule expects, a timestamp `salt` ms apart from the node's own.
    static func rivalBlock(on parent: Hash256, node: MainChainNode, transactions: [Transaction] = [], salt: UInt64) throws -> MainChainBlock
    {
        let tree = try node.withCore { core throws(MainChainError) in core.headers }
        let entry = try #require(tree.entry(parent))
        let header = MainChainHeader(
            height: entry.header.height + 1, previousHash: parent,
            transactionRoot: MainChainBlock.transactionRoot(of: transactions, suite: suite),
            timestampMs: entry.header.timestampMs + 100 + salt, targetBits: tree.expectedTargetBits(childOf: entry), nonce: 0)
        let target = try #require(CompactTarget.target(ofBits: header.targetBits))
        var nonce: UInt64 = 0
        while UInt256(bigEndian: header.withNonce(nonce).hash(suite: suite)) > target { nonce += 1 }
        return MainChainBlock(header: header.withNonce(nonce), transactions: transactions)
    }

    @Test func aReorgShallowerThanKChangesNothingAndADeeperOneHaltsEveryMember() throws {
        let k: UInt64 = 3
        let network = try Network(name: "federation-reorg", k: k, portBase: 17321, seed: 0xA2)
        defer { network.close() }
        let (suite, client, node, miner, sidechain, members, btcID) =
            (network.suite, network.client, network.node, network.miner, network.sidechain, network.members, network.btcID)
        let dave = try suite.signingKey(secret: [UInt8](repeating: 0xDB, count: 32))
        func tickAll() throws { try network.tickAll() }

        // Alice deposits 300 000 for Dave; the block holding it gets one confirmation on top.
        let deposit = try network.deposit([(300_000, ControlProgram.payToKey(dave.publicKey).canonicalBytes)])
        let depositID = try client.submit(transaction: deposit)
        let depositOutput = Transaction.outputID(transactionID: depositID, index: 0, suite: suite)
        let forkPoint = node.best.hash
        _ = miner.mine(blocks: 2)
        let firstHome = try client.block(atHeight: 1)
        #expect(firstHome.transactions.map { $0.id(suite: suite) } == [depositID])
        try tickAll()
        #expect(try members[0].record.deposit(depositOutput) == nil, "2 deep is not K deep: the scanner has not looked")

        // A rival branch of 3 empty blocks from the fork point: a reorg of depth 2 < K.
        var rivalTip = forkPoint
        for salt in 1...3 {
            let block = try Self.rivalBlock(on: rivalTip, node: node, salt: UInt64(salt))
            _ = try node.submitBlock(block)
            rivalTip = block.hash(suite: suite)
        }
        #expect(node.best.hash == rivalTip)
        try tickAll()
        // The deposit went back to the pool; mined again, it is minted once, from its new block.
        for _ in 0..<40 where sidechain.state.withLock({ $0.minted[depositOutput] == nil }) {
            _ = miner.mine(blocks: 1)
            try tickAll()
        }
        let mintHeight = sidechain.state.withLock { $0.minted[depositOutput] }
        #expect(mintHeight != nil, "the re-mined deposit is minted")
        let work = try #require(try members[0].record.deposit(depositOutput))
        #expect(work.blockHash != firstHome.hash(suite: suite), "judged in the block that holds it now")
        for _ in 0..<5 {
            _ = miner.mine(blocks: 1)
            try tickAll()
        }
        #expect(
            sidechain.state.withLock { $0.outputs } == [Output(asset: btcID, amount: Amount(300_000), program: .payToKey(dave.publicKey))])
        for member in members { #expect(try member.record.haltReason() == nil) }

        // A rival branch from K + 1 blocks below the tip, one block longer: every member halts.
        let tipHeight = node.best.height
        var deepTip = try client.block(atHeight: tipHeight - k - 1).hash(suite: suite)
        for salt in 1...(Int(k) + 3) {
            let block = try Self.rivalBlock(on: deepTip, node: node, salt: UInt64(10 + salt))
            _ = try node.submitBlock(block)
            deepTip = block.hash(suite: suite)
        }
        #expect(node.best.hash == deepTip)
        network.nowMs += 150
        for member in members {
            #expect(throws: FederationError.self) { try member.service?.tick(nowMs: network.nowMs) }
            #expect(try member.record.haltReason() != nil, "the halt is recorded, so it survives a restart")
            #expect(try member.service?.status().haltReason?.contains("K = 3") == true)
        }
        // Restarted, a member stays halted.
        members[1].kill()
        try network.start(members[1])
        #expect(throws: FederationError.self) { try members[1].service?.tick(nowMs: network.nowMs + 150) }
        // An operator clears the halt: the member works again, and the reorg it already took
        // into its header tree does not halt it a second time.
        members[1].kill()
        try members[1].record.clearHalt()
        try network.start(members[1])
        try members[1].service?.tick(nowMs: network.nowMs + 300)
        #expect(try members[1].record.haltReason() == nil)
    }
}
