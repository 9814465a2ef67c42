@testable import Crypto
import Primitives
import Testing

@Suite("ChaCha20 block function (RFC 8439)")
struct ChaCha20Tests {
    /// 64 bytes of keystream from block `counter` on.
    func keystream(key: [UInt8], nonce: [UInt8], counter: UInt32, blocks: Int = 1) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: blocks * ChaCha20.blockBytes)
        key.withUnsafeBytes { key in
            nonce.withUnsafeBytes { nonce in
                output.withUnsafeMutableBytes { ChaCha20(key: key, nonce: nonce).keystream(into: $0, counter: counter) }
            }
        }
        return output
    }

    @Test("RFC 8439 §2.3.2: key 00…1f, nonce 00:00:00:09:00:00:00:4a:00:00:00:00, counter 1")
    func section232() throws {
        let block = keystream(key: Array(0...31), nonce: try Hex.decode("000000090000004a00000000"), counter: 1)
        #expect(Hex.encode(block) == "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
            + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e")
    }

    @Test("RFC 8439 A.1 test vectors #1 and #2: zero key and nonce, counters 0 and 1")
    func appendixA1() {
        let zero32 = [UInt8](repeating: 0, count: 32), zero12 = [UInt8](repeating: 0, count: 12)
        #expect(Hex.encode(keystream(key: zero32, nonce: zero12, counter: 0))
            == "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
            + "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586")
        #expect(Hex.encode(keystream(key: zero32, nonce: zero12, counter: 1))
            == "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
            + "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f")
    }

    @Test("a multi-block keystream is the blocks of consecutive counters, and an omitted nonce is zero")
    func consecutiveBlocks() {
        let key = Array(UInt8(100)...131), zero12 = [UInt8](repeating: 0, count: 12)
        let joined = (0..<6).flatMap { keystream(key: key, nonce: zero12, counter: UInt32($0)) }
        #expect(keystream(key: key, nonce: zero12, counter: 0, blocks: 6) == joined)
        var noNonce = [UInt8](repeating: 0, count: 6 * ChaCha20.blockBytes)
        key.withUnsafeBytes { key in noNonce.withUnsafeMutableBytes { ChaCha20(key: key).keystream(into: $0) } }
        #expect(noNonce == joined)
    }
}
