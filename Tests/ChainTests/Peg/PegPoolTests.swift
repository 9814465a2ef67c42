import Crypto
import Ledger
import Pool
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures

@Suite("Peg: the mempool admits mints by the same rules as blocks")
struct PegPoolTests {
    @Test(
        "a mint is admitted once its headers are committed, a second mint of its deposit conflicts, and after its block a resubmission is a replay"
    )
    func poolAdmission() throws {
        var fixture = try PegFixture()
        let pool = try Mempool(config: fixture.config)
        let scenario = DepositScenario(fixture)
        let mint = scenario.mint(fixture)
        // Before the headers are in a block the pool's header tree does not know the deposit.
        #expect(throws: ChainError.self) { try pool.submit(mint, state: fixture.state) }
        let (_, headersOutcome) = try fixture.block(headers: scenario.headers)
        pool.blockCommitted(headersOutcome, state: fixture.state)
        #expect(try pool.submit(mint, state: fixture.state) == mint.id(suite: PegFixture.suite))
        // The same deposit again (other signers) spends the same main-chain output ID.
        #expect(throws: ChainError.self) { try pool.submit(scenario.mint(fixture, signers: [1, 2]), state: fixture.state) }
        let candidates = pool.candidates(maxTransactions: 10, maxCancels: 10).transactions
        #expect(candidates.map(\.transaction) == [mint])
        let (block, outcome) = try fixture.state.proposeBlock(
            checked: candidates, cancels: [], timestampMs: fixture.chain.clockMs + 100, proposer: fixture.chain.validator,
            lastCommit: try fixture.chain.lastCommit())
        #expect(block.transactions == [mint])
        fixture.state.commit(outcome, header: block.header)
        pool.blockCommitted(outcome, state: fixture.state)
        #expect(pool.transactionCount == 0)
        do {
            _ = try pool.submit(scenario.mint(fixture, signers: [0, 1]), state: fixture.state)
            Issue.record("a minted deposit was admitted again")
        } catch {
            #expect(error == .pegMintReplayed(outputID: fixture.depositID(scenario.deposit)))
        }
    }
}
