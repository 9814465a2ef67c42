import Crypto
import Ledger
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Pool

@Suite("Mempool crypto precheck: signatures verified in parallel up front are all admission needs")
struct MempoolPrecheckTests {
    @Test(
        "the parallel precheck makes every crypto check admission then needs, also for items spending outputs of earlier items in the batch"
    )
    func coversAdmission() throws {
        let f = try MempoolFixture()
        let orders = f.orderChain(f.chain.alice, count: 20)
        let items: [PoolItem] =
            orders.map { PoolItem.transaction($0, suite: ChainFixture.suite) }
            + [
                .transaction(f.cancelTransaction(of: orders[19], by: f.chain.alice), suite: ChainFixture.suite),
                .cancel(try f.cancelRequest(of: orders[18], by: f.chain.alice)),
            ]
        let suite = CountingSuite(ChainFixture.suite)
        let memo = SignatureMemo()
        let context = AdmissionContext(config: f.chain.config, limits: MempoolLimits(), state: f.state, memo: memo, suite: suite)
        let prepared = PreparedItem.all(items, suite: ChainFixture.suite)
        let refuted = CryptoPrecheck(context: context, items: prepared, pooled: [:]).refutedChecks(for: prepared)
        #expect(refuted.isEmpty)
        let verified = (suite.verifications, suite.keyChecks)
        #expect(verified.0 >= items.count)
        var contents = PoolContents()
        for item in prepared {
            let key = try contents.admit(item, refuted: refuted, context: context)
            let entry = try #require(contents.entries[key])
            #expect(!entry.checks.isEmpty)
            #expect(entry.checks.allSatisfy(memo.passes))
        }
        #expect((suite.verifications, suite.keyChecks) == verified, "admission verified nothing the precheck had not")
    }

    @Test(
        "a forged signature is refuted by the precheck, not remembered, and the transaction refused with bad_signature without verifying again"
    )
    func forged() throws {
        let f = try MempoolFixture()
        let forged = f.chain.sign(f.orderChain(f.chain.alice, count: 1)[0], with: f.chain.bob)
        let suite = CountingSuite(ChainFixture.suite)
        let memo = SignatureMemo()
        let context = AdmissionContext(config: f.chain.config, limits: MempoolLimits(), state: f.state, memo: memo, suite: suite)
        let prepared = PreparedItem(.transaction(forged, suite: ChainFixture.suite), suite: ChainFixture.suite)
        let refuted = CryptoPrecheck(context: context, items: [prepared], pooled: [:]).refutedChecks(for: [prepared])
        #expect(refuted.count == 1 && refuted.allSatisfy { !memo.passes($0) })
        let verifications = suite.verifications
        var contents = PoolContents()
        #expect(throws: ChainError.ledger(.badSignature(input: 0))) {
            try contents.admit(prepared, refuted: refuted, context: context)
        }
        #expect(suite.verifications == verifications)
    }

    @Test("a memoized suite answers from the memo and the batch's failures, computes the rest, and records every verdict")
    func memoizedSuite() throws {
        let base = ChainFixture.suite
        let key = ChainFixture.key(0x33)
        let message = [UInt8](repeating: 5, count: 32)
        let signature = try base.sign(message, with: key, auxiliary: [UInt8](repeating: 0, count: 32))
        let check = CryptoCheck.signature(signature, message: message, key: key.publicKey)
        let other = [UInt8](repeating: 6, count: 32)
        let otherSignature = try base.sign(other, with: key, auxiliary: [UInt8](repeating: 0, count: 32))
        let otherCheck = CryptoCheck.signature(otherSignature, message: other, key: key.publicKey)
        let forgedCheck = CryptoCheck.signature(otherSignature, message: message, key: key.publicKey)
        let memo = SignatureMemo()
        // Deliberately wrong verdicts show the answers come from them, not from the curve.
        memo.remember([forgedCheck])
        let recorder = CryptoCheckRecorder()
        let suite = MemoizedSuite(base: base, memo: memo, refuted: [check], recorder: recorder)
        #expect(!suite.verify(signature, of: message, by: key.publicKey))
        #expect(suite.verify(otherSignature, of: message, by: key.publicKey))
        #expect(suite.verify(otherSignature, of: other, by: key.publicKey))
        #expect(suite.isValid(publicKey: key.publicKey))
        #expect(recorder.failed == [check])
        #expect(recorder.passed == [forgedCheck, otherCheck, .publicKey(key.publicKey)])
    }

    @Test("concurrentMap returns every element's transform in element order, across many chunks")
    func concurrentMapOrder() {
        let values = Array(0..<1_000)
        #expect(values.concurrentMap(chunkSize: 7) { $0 * 3 } == values.map { $0 * 3 })
        #expect([5].concurrentMap(chunkSize: 16) { $0 + 1 } == [6])
    }
}
