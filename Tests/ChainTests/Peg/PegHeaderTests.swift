import Crypto
import Ledger
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures

@Suite("Peg: main-chain headers in blocks feed the state's header tree")
struct PegHeaderTests {
    @Test("headers in a block extend the state's tree, are covered by the transaction root, and a follower agrees")
    func headersExtendTheTree() throws {
        var fixture = try PegFixture()
        let headers = PegFixture.extend(fixture.mainGenesis, count: 5)
        let (block, outcome) = try fixture.block(headers: headers)
        #expect(block.mainChainHeaders == headers)
        #expect(outcome.rejected.isEmpty)
        #expect(fixture.peg.headers.bestHeight == 5)
        #expect(fixture.peg.headers.best.hash == headers[4].hash(suite: PegFixture.suite))
        #expect(fixture.peg.headersAccepted == 5)
        // The headers are part of the transaction root: the same block without them has another.
        let without = Block.transactionRoot(transactions: [], cancels: [], suite: PegFixture.suite)
        #expect(block.header.transactionRoot != without)
        #expect(
            block.header.transactionRoot
                == Block.transactionRoot(transactions: [], cancels: [], mainChainHeaders: headers, suite: PegFixture.suite))
        // The block's encoding round-trips with its headers.
        #expect(try Block.decode(block.canonicalBytes) == block)
        // A later block continues the tree.
        try fixture.block(headers: PegFixture.extend(headers[4], count: 2))
        #expect(fixture.peg.headers.bestHeight == 7)
    }

    @Test("a header with too little work, a bad retarget or an unknown parent makes the block invalid with its code")
    func badHeadersInvalidateTheBlock() throws {
        let fixture = try PegFixture()
        let genesisHash = fixture.mainGenesis.hash(suite: PegFixture.suite)
        let good = PegFixture.extend(fixture.mainGenesis, count: 1)[0]
        let cases: [(MainChainHeader, UInt16)] = [
            (PegFixture.mine(height: 1, parent: genesisHash, root: .zero, timestampMs: 1_000, failing: true), 3106),
            (PegFixture.mine(height: 1, parent: genesisHash, root: .zero, timestampMs: 1_000, bits: 0x1f7f_ffff), 3105),
            (PegFixture.mine(height: 1, parent: PegFixture.suite.hash(.outputID, [9]), root: .zero, timestampMs: 1_000), 3102),
        ]
        for (bad, code) in cases {
            let error = fixture.verifyError(headers: [bad])
            guard case .pegHeaderRejected(_, let inner)? = error else {
                Issue.record("expected peg_header_rejected, got \(String(describing: error))")
                continue
            }
            #expect(error?.code == 8401)
            #expect(inner.code == code, "\(inner)")
        }
        // Good headers after a bad one do not save the block.
        let second = PegFixture.extend(good, count: 1)[0]
        let unmined = PegFixture.mine(height: 2, parent: good.hash(suite: PegFixture.suite), root: .zero, timestampMs: 2_000, failing: true)
        guard case .pegHeaderRejected(let index, _)? = fixture.verifyError(headers: [good, unmined, second]) else {
            Issue.record("a bad header in the middle must reject the block")
            return
        }
        #expect(index == 1)
    }

    @Test("a proposer keeps the candidate headers the tree accepts, in order, and reports the rest")
    func proposerDropsBadCandidates() throws {
        var fixture = try PegFixture()
        let chain = PegFixture.extend(fixture.mainGenesis, count: 3)
        let unmined = PegFixture.mine(
            height: 2, parent: chain[0].hash(suite: PegFixture.suite), root: .zero, timestampMs: 5_000, failing: true)
        let orphan = PegFixture.mine(height: 7, parent: PegFixture.suite.hash(.outputID, [3]), root: .zero, timestampMs: 5_000)
        // Out of order: chain[2] before chain[1] is refused (unknown parent), chain[1] then taken.
        let candidates = [chain[0], unmined, chain[2], chain[1], orphan, chain[0]]
        let (block, outcome) = try fixture.block(headers: candidates)
        #expect(block.mainChainHeaders == [chain[0], chain[1]])
        #expect(outcome.rejected.map(\.kind) == Array(repeating: RejectedItem.Kind.mainChainHeader, count: 4))
        #expect(outcome.rejected.map(\.index) == [1, 2, 4, 5])
        let inner = outcome.rejected.compactMap { item -> UInt16? in
            if case .pegHeaderRejected(_, let error) = item.error { error.code } else { nil }
        }
        #expect(inner == [3106, 3102, 3102, 3104])
        #expect(fixture.peg.headers.bestHeight == 2)
    }

    @Test("a chain without a peg refuses headers, and keeps its transaction roots, commitments and encoding of genesis")
    func chainWithoutPegUnchanged() throws {
        var chain = ChainFixture()
        #expect(chain.state.peg == nil)
        let header = PegFixture.mine(height: 1, parent: .zero, root: .zero, timestampMs: 1_000)
        do {
            _ = try BlockExecutor.execute(
                state: chain.state, mode: .verify, timestampMs: 200, transactions: [], cancels: [], mainChainHeaders: [header])
            Issue.record("a chain without a peg took a main-chain header")
        } catch {
            #expect(error == .pegNotEnabled)
            #expect(error.code == 8402)
        }
        let sell = chain.order(chain.alice, .sell, price: 30_000_000_000, size: 100_000)
        let (block, _) = try chain.block([sell])
        // The commitment is the one it always was: the UTXO digest (no switch armed, no peg).
        #expect(block.header.stateCommitment == chain.state.commitment.digest)
        #expect(
            block.header.stateCommitment
                == DeadManTable.stateCommitment(
                    multiset: chain.state.commitment.digest, deadManRoot: chain.state.deadManRoot, suite: ChainFixture.suite))
        #expect(block.header.transactionRoot == MerkleTree.root(of: [sell.canonicalBytes], suite: ChainFixture.suite))
        // A genesis without a peg section encodes as before: nothing after the voter share.
        let genesis = chain.config.genesis
        let peg = try PegFixture().config.genesis.peg
        let with = PegFixture.withPeg(genesis, peg)
        #expect(Array(with.canonicalBytes.prefix(genesis.canonicalBytes.count)) == genesis.canonicalBytes)
        #expect(with.canonicalBytes.count > genesis.canonicalBytes.count + 1)
        #expect(with.canonicalBytes[genesis.canonicalBytes.count] == 1)
        #expect(with.chainID(suite: ChainFixture.suite) != genesis.chainID(suite: ChainFixture.suite))
    }

    @Test("genesis refuses a peg section with an unlisted asset, K of 0, a zero minimum or a bad federation")
    func genesisChecks() throws {
        let fixture = try PegFixture()
        let genesis = fixture.config.genesis
        let peg = try #require(genesis.peg)
        let bad = [
            PegGenesis(
                mainChain: peg.mainChain, federation: peg.federation, confirmationsRequired: 3,
                peggedAssets: [PeggedAsset(symbol: "ETH", minimumDeposit: Amount(1))]),
            PegGenesis(mainChain: peg.mainChain, federation: peg.federation, confirmationsRequired: 0, peggedAssets: peg.peggedAssets),
            PegGenesis(
                mainChain: peg.mainChain, federation: peg.federation, confirmationsRequired: 3,
                peggedAssets: [PeggedAsset(symbol: "BTC", minimumDeposit: .zero)]),
            PegGenesis(
                mainChain: peg.mainChain, federation: FederationKeys(threshold: 3, keys: Array(peg.federation.keys.prefix(2))),
                confirmationsRequired: 3, peggedAssets: peg.peggedAssets),
        ]
        for section in bad {
            #expect(throws: ChainError.self) { try ChainConfig(genesis: PegFixture.withPeg(genesis, section)) }
        }
        // The section round-trips through its codec.
        #expect(try PegGenesis(canonicalBytes: peg.canonicalBytes) == peg)
    }
}
