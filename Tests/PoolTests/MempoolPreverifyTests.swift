import Crypto
import Ledger
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Pool

@Suite("Mempool preverify: signatures verified ahead of admission are answered from the memo; guesses never decide")
struct MempoolPreverifyTests {
    @Test("preverify remembers the passing signature of each ordinary order (signed by the key it pays to) and the signer's key")
    func remembersOrders() throws {
        let f = try MempoolFixture()
        let orders = f.orderChain(f.chain.alice, count: 5) + f.orderChain(f.chain.bob, count: 5)
        f.pool.preverify(orders.map { PoolItem.transaction($0, suite: ChainFixture.suite) })
        // Ten signatures and two keys.
        #expect(f.pool.signatureMemo.unpinnedCount == 12)
        #expect(f.pool.signatureMemo.passes(.publicKey(f.chain.alice.publicKey)))
        #expect(
            f.pool.submit(orders.map { PoolItem.transaction($0, suite: ChainFixture.suite) }, state: f.state).allSatisfy {
                (try? $0.get()) != nil
            })
    }

    @Test("admission answers a remembered check without verifying: a memo entry is taken as the verification")
    func admissionUsesMemo() throws {
        let f = try MempoolFixture()
        // Signed by Bob for Alice's coin: fails verification, unless the memo says otherwise.
        let forged = f.chain.sign(f.orderChain(f.chain.alice, count: 1)[0], with: f.chain.bob)
        guard case .signature(let signature) = forged.inputs[0].witness else {
            Issue.record("a pay-to-key spend")
            return
        }
        let sighash = forged.signatureHash(inputIndex: 0, chainID: f.chain.config.chainID, suite: ChainFixture.suite).bytes
        f.pool.signatureMemo.remember([.signature(signature, message: sighash, key: f.chain.alice.publicKey)])
        #expect((try? f.pool.submit(forged, state: f.state)) != nil)
    }

    @Test("a wrong guess or a forged signature is not remembered, and admission still refuses with bad_signature")
    func forgedNotRemembered() throws {
        let f = try MempoolFixture()
        let forged = f.chain.sign(f.orderChain(f.chain.alice, count: 1)[0], with: f.chain.bob)
        f.pool.preverify([.transaction(forged, suite: ChainFixture.suite)])
        #expect(f.pool.signatureMemo.unpinnedCount == 0)
        #expect(throws: ChainError.ledger(.badSignature(input: 0))) { try f.pool.submit(forged, state: f.state) }
    }

    @Test("the memo forgets its oldest unpinned checks past unpinnedMax and never outgrows it")
    func bounded() throws {
        let memo = SignatureMemo(unpinnedMax: 4)
        let checks = MempoolSignatureMemoTests.checks(10)
        for check in checks { memo.remember([check]) }
        #expect(memo.unpinnedCount == 4)
        #expect(checks.prefix(6).allSatisfy { !memo.passes($0) } && checks.suffix(4).allSatisfy(memo.passes))
    }
}
