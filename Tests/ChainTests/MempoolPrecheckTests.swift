@testable import Chain
import Crypto
import Ledger
import Primitives
import Testing

@Suite("Mempool crypto precheck: signatures verified in parallel up front are all admission needs")
struct MempoolPrecheckTests {
    @Test("the parallel precheck makes every crypto check admission then needs, also for items spending outputs of earlier items in the batch")
    func coversAdmission() throws {
        let f = try MempoolFixture()
        let orders = f.orderChain(f.chain.alice, count: 20)
        let items: [PoolItem] = orders.map(PoolItem.transaction)
            + [.transaction(f.cancelTransaction(of: orders[19], by: f.chain.alice)), .cancel(try f.cancelRequest(of: orders[18], by: f.chain.alice))]
        let context = AdmissionContext(config: f.chain.config, limits: MempoolLimits(), state: f.state)
        let prepared = PreparedItem.all(items, suite: ChainFixture.suite)
        let answers = CryptoPrecheck(context: context, items: prepared, pooled: [:]).answers(for: prepared)
        var contents = PoolContents()
        for (item, known) in zip(prepared, answers) {
            let key = try contents.admit(item, known: known, context: context)
            let entry = try #require(contents.entries[key])
            #expect(!entry.checks.isEmpty)
            #expect(Set(entry.checks.keys).isSubset(of: known.keys), "admission verified nothing the precheck had not")
        }
    }

    @Test("a forged signature is answered false by the precheck and the transaction refused with bad_signature")
    func forged() throws {
        let f = try MempoolFixture()
        let forged = f.chain.sign(f.orderChain(f.chain.alice, count: 1)[0], with: f.chain.bob)
        let context = AdmissionContext(config: f.chain.config, limits: MempoolLimits(), state: f.state)
        let prepared = PreparedItem(.transaction(forged), suite: ChainFixture.suite)
        let answers = CryptoPrecheck(context: context, items: [prepared], pooled: [:]).answers(for: [prepared])
        #expect(answers[0].values.contains(false))
        var contents = PoolContents()
        #expect(throws: ChainError.ledger(.badSignature(input: 0))) {
            try contents.admit(prepared, known: answers[0], context: context)
        }
    }

    @Test("a memoized suite answers from what it knows, computes the rest, and records every check")
    func memoizedSuite() throws {
        let suite = ChainFixture.suite
        let key = ChainFixture.key(0x33)
        let message = [UInt8](repeating: 5, count: 32)
        let signature = try suite.sign(message, with: key, auxiliary: [UInt8](repeating: 0, count: 32))
        let check = CryptoCheck.signature(signature, message: message, key: key.publicKey)
        let recorder = CryptoCheckRecorder()
        // A deliberately wrong memo shows the answer comes from it, not from the curve.
        let memo = MemoizedSuite(base: suite, known: [check: false], recorder: recorder)
        #expect(!memo.verify(signature, of: message, by: key.publicKey))
        #expect(memo.isValid(publicKey: key.publicKey))
        #expect(recorder.answers == [check: false, .publicKey(key.publicKey): true])
    }

    @Test("concurrentMap returns every element's transform in element order, across many chunks")
    func concurrentMapOrder() {
        let values = Array(0..<1_000)
        #expect(values.concurrentMap(chunkSize: 7) { $0 * 3 } == values.map { $0 * 3 })
        #expect([5].concurrentMap(chunkSize: 16) { $0 + 1 } == [6])
    }
}
