import Crypto
import Ledger
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures

/// A deposit in main-chain block 1 (with one other transaction), and headers 1...`count` on
/// the genesis header, the first holding it.
struct DepositScenario {
    let deposit: Transaction
    let transactions: [Transaction]
    let headers: [MainChainHeader]

    init(
        _ fixture: PegFixture, amount: UInt64 = 50_000, seed: UInt8 = 1, on parent: MainChainHeader? = nil, count: Int = 3, salt: UInt64 = 0
    ) {
        deposit = fixture.deposit(amount: amount, destination: .payToKey(fixture.chain.bob.publicKey), seed: seed)
        let other = fixture.deposit(amount: 5_000, destination: .payToKey(fixture.chain.carol.publicKey), seed: seed &+ 100)
        transactions = [other, deposit]
        headers = PegFixture.extend(parent ?? fixture.mainGenesis, count: count, roots: [0: PegFixture.blockRoot(transactions)], salt: salt)
    }

    var holder: MainChainHeader { headers[0] }
    func mint(_ fixture: PegFixture, signers: [Int] = [0, 2]) -> Transaction {
        fixture.mint(deposit, in: transactions, header: holder, signers: signers)
    }
}

@Suite("Peg: mints K deep in the state's header chain, once each; supply; halts")
struct PegMintTests {
    @Test("a mint with its proof, 2 of 3 signatures and K headers in the same block credits the destination once")
    func mintPasses() throws {
        var fixture = try PegFixture()
        let scenario = DepositScenario(fixture)
        let bobBefore = fixture.chain.balance(fixture.chain.bob, fixture.btc)
        let totalBefore = fixture.chain.totals()[fixture.btc, default: 0]
        let (block, outcome) = try fixture.block(headers: scenario.headers, [scenario.mint(fixture)])
        #expect(outcome.rejected.isEmpty, "\(outcome.rejected)")
        #expect(block.transactions.count == 1)
        #expect(fixture.chain.balance(fixture.chain.bob, fixture.btc) == bobBefore + 50_000)
        #expect(fixture.chain.totals()[fixture.btc, default: 0] == totalBefore + 50_000)
        #expect(fixture.peg.minted == [fixture.depositID(scenario.deposit)])
        #expect(outcome.pegWork.minted == [fixture.depositID(scenario.deposit)])
        #expect(fixture.peg.supply[fixture.btc] == 50_000)
        #expect(fixture.peg.halted == nil)
    }

    @Test("the same deposit again is refused as a replay, in the same block and in a later one")
    func replayRefused() throws {
        var fixture = try PegFixture()
        let scenario = DepositScenario(fixture)
        let depositID = fixture.depositID(scenario.deposit)
        // Same block: the second mint (other signers, same deposit) is left out.
        let (block, outcome) = try fixture.block(
            headers: scenario.headers, [scenario.mint(fixture), scenario.mint(fixture, signers: [0, 1])])
        #expect(block.transactions.count == 1)
        #expect(outcome.rejected.map(\.error) == [.pegMintReplayed(outputID: depositID)])
        #expect(outcome.rejected.first?.error.code == 8404)
        // A later block: a proposer leaves it out, a follower refuses a block holding it.
        let (later, laterOutcome) = try fixture.block([scenario.mint(fixture, signers: [1, 2])])
        #expect(later.transactions.isEmpty)
        #expect(laterOutcome.rejected.map(\.error) == [.pegMintReplayed(outputID: depositID)])
        #expect(fixture.verifyError([scenario.mint(fixture)]) == .pegMintReplayed(outputID: depositID))
        #expect(fixture.peg.supply[fixture.btc] == 50_000)
    }

    @Test("a mint not yet K deep is the ledger's refusal; with the K-th header it passes")
    func notDeepThenDeep() throws {
        var fixture = try PegFixture()
        let scenario = DepositScenario(fixture)
        let (_, early) = try fixture.block(headers: Array(scenario.headers.prefix(2)), [scenario.mint(fixture)])
        guard case .ledger? = early.rejected.first?.error else {
            Issue.record("expected the ledger's refusal, got \(early.rejected)")
            return
        }
        #expect(fixture.peg.minted.isEmpty)
        let (block, late) = try fixture.block(headers: [scenario.headers[2]], [scenario.mint(fixture)])
        #expect(late.rejected.isEmpty)
        #expect(block.transactions.count == 1)
    }

    @Test("a side branch that overtakes by fewer than K keeps deep mints valid; a reorganization of K or more halts mints, not trading")
    func reorganizations() throws {
        var fixture = try PegFixture()
        let first = DepositScenario(fixture, count: 5)
        try fixture.block(headers: first.headers)
        // From main-chain block 3, a branch of 3 overtakes blocks 4 and 5: 2 disconnected, K = 3.
        let shallow = PegFixture.extend(first.headers[2], count: 3, salt: 7)
        let (_, shallowOutcome) = try fixture.block(headers: shallow, [first.mint(fixture)])
        #expect(shallowOutcome.rejected.isEmpty, "\(shallowOutcome.rejected)")
        #expect(fixture.peg.halted == nil)
        #expect(fixture.peg.headers.best.hash == shallow[2].hash(suite: PegFixture.suite))
        #expect(fixture.peg.supply[fixture.btc] == 50_000)
        // From the main-chain genesis, a branch of 7 (one more than the best chain's 6)
        // holding a second deposit disconnects 6 ≥ K: halted.
        let second = DepositScenario(fixture, amount: 20_000, seed: 2, count: 7, salt: 13)
        let sell = fixture.chain.order(fixture.chain.alice, .sell, price: 30_000_000_000, size: 100_000)
        let buy = fixture.chain.order(fixture.chain.bob, .buy, price: 30_000_000_000, size: 100_000)
        let (block, outcome) = try fixture.block(headers: second.headers, [second.mint(fixture), sell, buy])
        let halt = try #require(fixture.peg.halted)
        #expect(halt.height == block.header.height)
        #expect(halt.disconnectedHeaders == 6)
        #expect(halt.formerTip == shallow[2].hash(suite: PegFixture.suite))
        #expect(outcome.rejected.map(\.error) == [.pegHalted(halt)])
        #expect(outcome.rejected.first?.error.code == 8403)
        #expect(outcome.trades.count == 1, "orders still trade")
        #expect(fixture.peg.supply[fixture.btc] == 50_000)
        // Halted for good: later blocks refuse mints too, and headers still enter.
        let (_, later) = try fixture.block(headers: PegFixture.extend(second.headers[6], count: 1), [second.mint(fixture)])
        #expect(later.rejected.map(\.error) == [.pegHalted(halt)])
        #expect(fixture.peg.headers.bestHeight == 8)
    }

    @Test("supply is minted minus burned after each block; a burn must be of a pegged asset within the supply")
    func supplyAndBurns() throws {
        var fixture = try PegFixture()
        let scenario = DepositScenario(fixture)
        let bob = fixture.chain.bob
        let address = ControlProgram.payToKey(bob.publicKey).canonicalBytes
        try fixture.block(headers: scenario.headers, [scenario.mint(fixture)])
        #expect(fixture.peg.supply[fixture.btc] == 50_000)
        let burn = fixture.pay(bob, fixture.btc, 20_000, to: .crossChainOut(mainChainAddress: address))
        let (_, outcome) = try fixture.block([burn])
        #expect(outcome.rejected.isEmpty, "\(outcome.rejected)")
        #expect(fixture.peg.supply[fixture.btc] == 30_000)
        let burnID = Transaction.outputID(transactionID: burn.id(suite: PegFixture.suite), index: 0, suite: PegFixture.suite)
        #expect(
            outcome.pegWork.burns == [PegBurn(outputID: burnID, asset: fixture.btc, amount: Amount(20_000), mainChainAddress: address)])
        // More than remains, an unpegged asset, a federation deposit output: refused with their codes.
        let tooMuch = fixture.pay(bob, fixture.btc, 30_001, to: .crossChainOut(mainChainAddress: address))
        #expect(fixture.verifyError([tooMuch]) == .pegBurnExceedsSupply(output: 0, supply: 30_000, burned: 30_001))
        let unpegged = fixture.pay(bob, fixture.usdt, 1_000, to: .crossChainOut(mainChainAddress: address))
        #expect(fixture.verifyError([unpegged]) == .pegBurnNotPegged(output: 0, asset: fixture.usdt))
        let terms = FederationDeposit(federation: fixture.federation, destination: address, refund: .payToKey(bob.publicKey))
        let deposit = fixture.pay(bob, fixture.btc, 5_000, to: .federationDeposit(terms))
        #expect(fixture.verifyError([deposit]) == .pegDepositOutput(output: 0))
        #expect(fixture.verifyError([deposit])?.code == 8408)
        // The rest burns exactly.
        try fixture.block([fixture.pay(bob, fixture.btc, 30_000, to: .crossChainOut(mainChainAddress: address))])
        #expect(fixture.peg.supply[fixture.btc] == 0)
    }

    @Test("a mint on a chain without a peg is the ledger's refusal")
    func mintWithoutPeg() throws {
        let fixture = try PegFixture()
        let scenario = DepositScenario(fixture)
        var plain = ChainFixture()
        let mint = scenario.mint(fixture)
        let (block, outcome) = try plain.block([mint])
        #expect(block.transactions.isEmpty)
        guard case .ledger? = outcome.rejected.first?.error else {
            Issue.record("expected the ledger's refusal, got \(outcome.rejected)")
            return
        }
    }
}
