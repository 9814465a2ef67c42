import Foundation
import Primitives
import TestSupport
import Testing

@testable import Crypto

/// One case of the BLAKE3 test vectors (Tests/CryptoTests/Resources/blake3-test-vectors.json:
/// the official file's shape and values for 22 input lengths, 131 bytes of output per mode).
struct BLAKE3Vector: Decodable, Sendable, CustomStringConvertible {
    let inputLength: Int
    let hash: String
    let keyedHash: String
    let deriveKey: String

    enum CodingKeys: String, CodingKey {
        case inputLength = "input_len"
        case hash
        case keyedHash = "keyed_hash"
        case deriveKey = "derive_key"
    }

    var description: String { "BLAKE3 vector of \(inputLength) bytes" }

    /// The vectors' input: bytes 0, 1, …, 250, 0, 1, … (i % 251).
    var input: [UInt8] { (0..<inputLength).map { UInt8($0 % 251) } }

    struct File: Decodable {
        let key: String
        let contextString: String
        let cases: [BLAKE3Vector]
        enum CodingKeys: String, CodingKey {
            case key
            case contextString = "context_string"
            case cases
        }
    }

    static func file() throws -> File {
        let url = try #require(Bundle.module.url(forResource: "blake3-test-vectors", withExtension: "json", subdirectory: "Resources"))
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
    }
}

@Suite("BLAKE3: official test vectors in all three modes, extended output, incremental input")
struct BLAKE3Tests {
    static let lengths = [
        0, 1, 1023, 1024, 1025, 2048, 2049, 3072, 3073, 4096, 4097, 5120, 5121, 6144, 6145, 7168, 7169, 8192, 8193, 16384, 31744, 102400,
    ]

    @Test("the vector file has the 22 input lengths, chunk boundaries ±1 included")
    func vectorFile() throws {
        #expect(try BLAKE3Vector.file().cases.map(\.inputLength) == Self.lengths)
    }

    @Test("hash, keyed_hash and derive_key give the vectors' 131 bytes of extended output and their 32-byte prefix")
    func vectors() throws {
        let file = try BLAKE3Vector.file()
        for vector in file.cases {
            let input = vector.input
            let hashed = BLAKE3.hash(input, outputLength: 131)
            #expect(Hex.encode(hashed) == vector.hash, "\(vector)")
            #expect(BLAKE3.hash(input) == Array(hashed.prefix(32)), "\(vector)")

            var keyed = BLAKE3.Hasher(key: Array(file.key.utf8))
            keyed.update(input)
            #expect(Hex.encode(keyed.finalize(outputLength: 131)) == vector.keyedHash, "\(vector)")

            var derived = BLAKE3.Hasher(derivingKeyFrom: file.contextString)
            derived.update(input)
            #expect(Hex.encode(derived.finalize(outputLength: 131)) == vector.deriveKey, "\(vector)")
        }
    }

    @Test("input fed in random pieces hashes like input fed at once (block and chunk boundaries crossed)")
    func incrementalUpdates() throws {
        var rng = seededRandom(0xB3_01)
        for vector in try BLAKE3Vector.file().cases where vector.inputLength <= 8193 {
            let input = vector.input
            var hasher = BLAKE3.Hasher()
            var offset = 0
            while offset < input.count {
                let take = min(input.count - offset, Int.random(in: 0...200, using: &rng))
                hasher.update(input[offset..<offset + take])
                offset += take
            }
            #expect(Hex.encode(hasher.finalize(outputLength: 131)) == vector.hash, "\(vector)")
        }
    }

    @Test("finalize does not consume the hasher: more input after it hashes the concatenation")
    func finalizeThenUpdate() {
        var hasher = BLAKE3.Hasher()
        hasher.update(Array("abc".utf8))
        #expect(hasher.finalize() == BLAKE3.hash(Array("abc".utf8)))
        hasher.update(Array("def".utf8))
        #expect(hasher.finalize() == BLAKE3.hash(Array("abcdef".utf8)))
    }

    @Test("a shorter output is a prefix of a longer one, for lengths across block boundaries", arguments: [0, 1, 63, 64, 65, 2047, 2048])
    func outputPrefix(length: Int) {
        let long = BLAKE3.hash([1, 2, 3], outputLength: 2049)
        #expect(BLAKE3.hash([1, 2, 3], outputLength: length) == Array(long.prefix(length)))
    }
}
