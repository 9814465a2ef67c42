@testable import Crypto
import Primitives
import PropertyBased
import Testing
import TestSupport

@Suite("SHA-256 (FIPS 180-4)")
struct SHA256Tests {
    @Test("the FIPS 180-4 examples hash to their published digests", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func publishedVectors(message: String, digest: String) {
        #expect(Hex.encode(SHA256.hash(Array(message.utf8))) == digest)
    }

    @Test("over every padding case (lengths 0…200), SHA-256 rebuilds libsecp256k1's BIP340 tagged hash")
    func matchesTaggedHash() {
        let gen = zip(Gen.uint8().array(of: 0...20), Gen.uint8().array(of: 0...200))
        seededCheck(seed: 0x5A256, count: 120, gen) { sample, _ in
            let (tag, message) = sample
            let tagHash = SHA256.hash(tag)
            #expect(SHA256.hash(tagHash + tagHash + message) == Secp256k1.shared.taggedHash(tag: tag, message: message))
        }
    }
}
