@testable import Chain
import Crypto
import Ledger
import Primitives
import Testing

@Suite("Mempool preverify: signatures verified ahead of admission are answered from the cache; guesses never decide")
struct MempoolPreverifyTests {
    @Test("preverify caches the passing signature of each ordinary order (signed by the key it pays to)")
    func cachesOrders() throws {
        let f = try MempoolFixture()
        let orders = f.orderChain(f.chain.alice, count: 5) + f.orderChain(f.chain.bob, count: 5)
        f.pool.preverify(orders.map(PoolItem.transaction))
        #expect(f.pool.signatureCache.count == 10)
        #expect(f.pool.submit(orders.map(PoolItem.transaction), state: f.state).allSatisfy { (try? $0.get()) != nil })
    }

    @Test("admission answers a cached check without verifying: a cache entry is taken as the verification")
    func admissionUsesCache() throws {
        let f = try MempoolFixture()
        // Signed by Bob for Alice's coin: fails verification, unless the cache says otherwise.
        let forged = f.chain.sign(f.orderChain(f.chain.alice, count: 1)[0], with: f.chain.bob)
        guard case let .signature(signature) = forged.inputs[0].witness else { Issue.record("a pay-to-key spend"); return }
        let sighash = forged.signatureHash(inputIndex: 0, chainID: f.chain.config.chainID, suite: ChainFixture.suite).bytes
        f.pool.signatureCache.insert(.signature(signature, message: sighash, key: f.chain.alice.publicKey))
        #expect((try? f.pool.submit(forged, state: f.state)) != nil)
    }

    @Test("a wrong guess or a forged signature caches nothing, and admission still refuses with bad_signature")
    func forgedNotCached() throws {
        let f = try MempoolFixture()
        let forged = f.chain.sign(f.orderChain(f.chain.alice, count: 1)[0], with: f.chain.bob)
        f.pool.preverify([.transaction(forged)])
        #expect(f.pool.signatureCache.count == 0)
        #expect(throws: ChainError.ledger(.badSignature(input: 0))) { try f.pool.submit(forged, state: f.state) }
    }

    @Test("the signature cache forgets its oldest checks past capacity and never outgrows it")
    func bounded() throws {
        let cache = SignatureCache(capacity: 4)
        let key = ChainFixture.key(0x33).publicKey
        let checks = try (0..<10).map { index in
            CryptoCheck.signature(try Signature(bytes: [UInt8](repeating: UInt8(index), count: 64)), message: [UInt8(index)], key: key)
        }
        for check in checks { cache.insert(check) }
        #expect(cache.count == 4)
        #expect(checks.prefix(6).allSatisfy { !cache.contains($0) } && checks.suffix(4).allSatisfy(cache.contains))
    }
}
