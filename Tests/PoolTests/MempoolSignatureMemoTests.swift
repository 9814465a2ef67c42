import Crypto
import Ledger
import Primitives
import Storage
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Pool

@Suite("Mempool signature memo: one memo of passing verdicts serves preverify, admission and the re-check after a block")
struct MempoolSignatureMemoTests {
    /// A journaled pool over `f`'s chain whose curve arithmetic `suite` counts.
    static func pool(_ f: MempoolFixture, suite: CountingSuite) throws -> Mempool {
        try Mempool(config: f.chain.config, limits: MempoolLimits(), journal: MemoryStore(), observer: MempoolObserver(), suite: suite)
    }

    @Test(
        "a signature preverify verified is verified neither at admission nor at the re-check after a block; its pins go when it leaves the pool"
    )
    func verifiedOnce() throws {
        var f = try MempoolFixture()
        let suite = CountingSuite(ChainFixture.suite)
        let pool = try Self.pool(f, suite: suite)
        // An order expiring later: the re-check after a block admits it again in full.
        let order = f.chain.order(f.chain.alice, .sell, price: MempoolFixture.price, size: MempoolFixture.size, expiry: f.state.height + 10)
        pool.preverify([.transaction(order, suite: ChainFixture.suite)])
        #expect(suite.verifications == 1)
        #expect(try pool.submit(order, state: f.state) == f.id(order))
        #expect(suite.verifications == 1, "admission answered the signature from the memo")
        let checks = try #require(pool.guarded.withLock { $0.contents.entries[.transaction(f.id(order))]?.checks })
        #expect(checks.contains { if case .signature = $0 { true } else { false } })
        #expect(pool.signatureMemo.pinnedCount == checks.count)

        let (_, empty) = try f.chain.block()
        let entry = try #require(pool.guarded.withLock { $0.contents.entries[.transaction(f.id(order))] })
        #expect(!pool.guarded.withLock { $0.contents.isUnaffected(entry, utxos: f.state.utxos) }, "the re-check admits it again")
        let (verifications, keyChecks) = (suite.verifications, suite.keyChecks)
        #expect(pool.blockCommitted(empty, state: f.state).isEmpty)
        #expect(pool.transactionCount == 1)
        #expect(suite.verifications == verifications && suite.keyChecks == keyChecks, "the re-check made no curve arithmetic")
        #expect(pool.signatureMemo.pinnedCount == checks.count)

        let (_, included) = try f.chain.block([order])
        pool.blockCommitted(included, state: f.state)
        #expect(pool.transactionCount == 0)
        #expect(pool.signatureMemo.pinnedCount == 0, "a check is pinned only while an entry holding it is pooled")
    }

    @Test("a failing signature is never remembered: each submit verifies it again and refuses it with bad_signature, once per submit")
    func failureNotRemembered() throws {
        let f = try MempoolFixture()
        let suite = CountingSuite(ChainFixture.suite)
        let pool = try Self.pool(f, suite: suite)
        let forged = f.chain.sign(f.orderChain(f.chain.alice, count: 1)[0], with: f.chain.bob)
        guard case .signature(let signature) = forged.inputs[0].witness else {
            Issue.record("a pay-to-key spend")
            return
        }
        let sighash = forged.signatureHash(inputIndex: 0, chainID: f.chain.config.chainID, suite: ChainFixture.suite).bytes
        let check = CryptoCheck.signature(signature, message: sighash, key: f.chain.alice.publicKey)
        pool.preverify([.transaction(forged, suite: ChainFixture.suite)])
        #expect(suite.verifications == 1)
        #expect(pool.signatureMemo.unpinnedCount == 0 && pool.signatureMemo.pinnedCount == 0)
        for attempt in 1...2 {
            #expect(throws: ChainError.ledger(.badSignature(input: 0))) { try pool.submit(forged, state: f.state) }
            // The batch's precheck verifies it; admission answers from that precheck's failures.
            #expect(suite.verifications == 1 + attempt)
            // Only passing verdicts (the keys' own) were remembered; nothing is pinned.
            #expect(!pool.signatureMemo.passes(check) && pool.signatureMemo.pinnedCount == 0)
        }
    }

    @Test("pins outlive the unpinned bound: a pooled entry's checks stay answered however many others pass")
    func pinsSurviveEviction() throws {
        let memo = SignatureMemo(unpinnedMax: 2)
        let checks = Self.checks(5)
        memo.pin([[checks[0]]])
        memo.remember(checks)
        #expect(memo.passes(checks[0]) && memo.unpinnedCount == 2)
        #expect(!memo.passes(checks[1]) && memo.passes(checks[4]))
        memo.pin([[checks[0]]])
        memo.unpin([[checks[0]]])
        #expect(memo.passes(checks[0]), "still pinned by the second entry")
        memo.unpin([[checks[0]]])
        #expect(!memo.passes(checks[0]) && memo.pinnedCount == 0)
    }

    /// `count` distinct signature checks (not real signatures: the memo takes what it is told).
    static func checks(_ count: Int) -> [CryptoCheck] {
        let key = ChainFixture.key(0x33).publicKey
        return (0..<count).map { index in
            CryptoCheck.signature(try! Signature(bytes: [UInt8](repeating: UInt8(index), count: 64)), message: [UInt8(index)], key: key)
        }
    }
}
