import Crypto
import Ledger
import Primitives
import Testing

@Suite struct HeaderTreeTests {
    let fixture = MainChainFixture()

    @Test func headersExtendTheBestChainAndCountConfirmations() throws {
        var tree = fixture.tree()
        let genesis = tree.best
        let tip = try fixture.extend(&tree, from: genesis, count: 5)
        #expect(tree.bestHeight == 5)
        #expect(tree.best.hash == tip.hash)
        #expect(tree.confirmations(of: tip.hash) == 1)
        #expect(tree.confirmations(of: genesis.hash) == 6)
        #expect(tree.best.chainWork == UInt256(12))  // six headers of work 2
        let next = fixture.child(of: tip, in: tree)
        #expect(try tree.accept(next) == .extended(tip: next.hash(suite: fixture.suite)))
        tree._checkInvariants()
    }

    @Test func eachBrokenRuleHasItsError() throws {
        var tree = fixture.tree()
        let tip = try fixture.extend(&tree, from: tree.best, count: 3)
        let good = fixture.child(of: tip, in: tree)
        func with(
            height: UInt64? = nil, previous: Hash256? = nil, timestampMs: UInt64? = nil, bits: UInt32? = nil, version: UInt8 = 1
        ) -> MainChainHeader {
            mainChainMined(
                fixture,
                MainChainHeader(
                    version: version, height: height ?? good.height, previousHash: previous ?? good.previousHash,
                    transactionRoot: good.transactionRoot, timestampMs: timestampMs ?? good.timestampMs,
                    targetBits: bits ?? good.targetBits, nonce: 0))
        }
        let unknown = fixture.suite.hash(.merkleLeaf, [9])
        #expect(throws: HeaderChainError.unsupportedVersion(2)) { try tree.check(with(version: 2)) }
        #expect(throws: HeaderChainError.unknownParent(unknown)) { try tree.check(with(previous: unknown)) }
        #expect(throws: HeaderChainError.wrongHeight(expected: 4, got: 5)) { try tree.check(with(height: 5)) }
        #expect(throws: HeaderChainError.badRetarget(expectedBits: good.targetBits, gotBits: 0x2000_ffff)) {
            try tree.check(with(bits: 0x2000_ffff))
        }
        let median = tree.medianTimePast(endingAt: tip)
        #expect(throws: HeaderChainError.timestampTooEarly(medianTimePastMs: median, gotMs: median)) {
            try tree.check(with(timestampMs: median))
        }
        let lazy = fixture.unmined(good)
        #expect(throws: HeaderChainError.insufficientWork(hash: lazy.hash(suite: fixture.suite))) { try tree.check(lazy) }
        try tree.accept(good)
        #expect(throws: HeaderChainError.duplicate(good.hash(suite: fixture.suite))) { try tree.accept(good) }
        #expect(tree.count == 5)
    }

    /// A branch with more work becomes best; the old branch's headers leave it and lose their
    /// confirmations. A branch with equal work does not move the best chain (first seen wins).
    @Test func theBranchWithMostWorkWins() throws {
        var tree = fixture.tree()
        let fork = try fixture.extend(&tree, from: tree.best, count: 2)
        let oldTip = try fixture.extend(&tree, from: fork, count: 2, salt: 1)
        let oldFirst = try #require(tree.bestHash(atHeight: 3))
        // Equal work: two headers on the other side, nothing changes.
        let rival = try fixture.extend(&tree, from: fork, count: 2, salt: 2)
        #expect(tree.best.hash == oldTip.hash)
        #expect(tree.confirmations(of: rival.hash) == nil)
        // One more: the rival branch has more work.
        let header = fixture.child(of: rival, in: tree, salt: 2)
        let change = try tree.accept(header)
        let rivalFirst = try #require(tree.ancestor(of: rival, atHeight: 3))
        #expect(
            change
                == .reorganized(
                    disconnected: [oldTip.hash, oldFirst], connected: [rivalFirst.hash, rival.hash, header.hash(suite: fixture.suite)]))
        #expect(tree.confirmations(of: oldTip.hash) == nil)
        #expect(tree.confirmations(of: fork.hash) == 4)
        tree._checkInvariants()
        // Accepting the same headers again in arrival order rebuilds the same tree.
        var reloaded = fixture.tree()
        for entry in tree.entriesInArrivalOrder().dropFirst() { try reloaded.accept(entry.header) }
        #expect(reloaded.best == tree.best)
        #expect(reloaded.count == tree.count)
    }

    /// Seeded: headers arrive in a random order that keeps parents first; the best tip always
    /// has the most work of all, and among equals the one that arrived first.
    @Test(arguments: 1...6) func bestIsTheFirstHeaviest(seed: UInt64) throws {
        var tree = fixture.tree()
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        var known = [tree.best]
        for step in 0..<40 {
            let parent = known[known.count - 1 - next(min(known.count, 6))]
            let header = fixture.child(of: parent, in: tree, salt: UInt8(step))
            try tree.accept(header)
            known.append(tree.entry(header.hash(suite: fixture.suite))!)
            let heaviest = known.map(\.chainWork).max()!
            let first = known.first { $0.chainWork == heaviest }!
            #expect(tree.best.hash == first.hash)
            tree._checkInvariants()
        }
    }

    /// Faster blocks than the interval make the target smaller by the measured factor, clamped
    /// to 4×; slower blocks make it larger, never past the limit; between retarget heights the
    /// bits stay.
    @Test func retargetScalesByTheMeasuredSpan() throws {
        let fixture = MainChainFixture(genesisBits: 0x2000_ffff, retargetIntervalBlocks: 4, blockIntervalMs: 1_000)
        var tree = fixture.tree()
        // Heights 1–3 at 500 ms: the span 1–3 is 1,000 ms against 2,000 expected.
        var tip = try fixture.extend(&tree, from: tree.best, count: 3, spacingMs: 500)
        #expect(tip.header.targetBits == 0x2000_ffff)
        let first = try #require(tree.ancestor(of: tip, atHeight: 0))
        let span = tip.header.timestampMs - first.header.timestampMs
        #expect(span == 1_500)
        let expected = CompactTarget.bits(of: UInt256(0xffff).shiftedLeft(by: 231))
        #expect(tree.expectedTargetBits(childOf: tip) == expected)
        tip = try fixture.extend(&tree, from: tip, count: 1, spacingMs: 500)
        #expect(tip.header.targetBits == expected)
        // Blocks 1 ms apart: clamped to a quarter.
        tip = try fixture.extend(&tree, from: tip, count: 3, spacingMs: 1)
        let current = CompactTarget.target(ofBits: tip.header.targetBits)!
        let quarter = CompactTarget.bits(of: current.shiftedRight(by: 2))
        #expect(tree.expectedTargetBits(childOf: tip) == quarter)
        // Very slow blocks: capped at the limit.
        tip = try fixture.extend(&tree, from: tip, count: 1, spacingMs: 1)
        var periods = 0
        while tip.header.targetBits != MainChainFixture.powLimitBits && periods < 12 {
            let before = CompactTarget.target(ofBits: tip.header.targetBits)!
            tip = try fixture.extend(&tree, from: tip, count: 4, spacingMs: 1_000_000)
            let after = CompactTarget.target(ofBits: tip.header.targetBits)!
            #expect(after > before)
            #expect(after <= CompactTarget.target(ofBits: MainChainFixture.powLimitBits)!)
            periods += 1
        }
        #expect(tip.header.targetBits == MainChainFixture.powLimitBits)
    }

    @Test func branchesDeeperThanTheLimitAreRefusedAndPruned() throws {
        var tree = fixture.tree(forkDepthMax: 3)
        let genesis = tree.best
        let side = try fixture.extend(&tree, from: genesis, count: 1, salt: 7)
        let main = try fixture.extend(&tree, from: genesis, count: 2, salt: 1)
        #expect(tree.best.hash == main.hash)
        #expect(tree.count == 4)
        try fixture.extend(&tree, from: main, count: 3, salt: 1)
        // The side header at height 1 is more than 3 below the tip at 5: pruned.
        #expect(tree.entry(side.hash) == nil)
        #expect(tree.count == 6)
        let old = try #require(tree.ancestor(of: tree.best, atHeight: 1))
        let late = fixture.child(of: old, in: tree, salt: 9)
        #expect(throws: HeaderChainError.forkTooDeep(forkHeight: 1, bestHeight: 5, depthMax: 3)) { try tree.accept(late) }
        tree._checkInvariants()
    }

    @Test func aFullTreeRefusesMore() throws {
        var tree = fixture.tree(headersMax: 3)
        let tip = try fixture.extend(&tree, from: tree.best, count: 2)
        #expect(throws: HeaderChainError.full(limit: 3)) { try tree.accept(fixture.child(of: tip, in: tree)) }
    }
}

/// The header mined for the fixture's suite.
func mainChainMined(_ fixture: MainChainFixture, _ header: MainChainHeader) -> MainChainHeader {
    MainChainFixture.mine(header, suite: fixture.suite)
}
