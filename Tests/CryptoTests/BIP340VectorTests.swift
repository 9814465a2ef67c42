import Crypto
import Foundation
import Primitives
import Testing

/// One row of the published BIP340 test vectors (Tests/CryptoTests/Resources).
struct BIP340Vector: Sendable, CustomStringConvertible {
    let index: Int
    let secretKey: [UInt8]?
    let publicKey: [UInt8]
    let auxiliary: [UInt8]?
    let message: [UInt8]
    let signature: [UInt8]
    let verifies: Bool

    var description: String { "BIP340 vector \(index)" }

    static func all() throws -> [BIP340Vector] {
        let url = try #require(Bundle.module.url(forResource: "bip340-test-vectors", withExtension: "csv", subdirectory: "Resources"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
        return try lines.map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func bytes(_ field: String) throws -> [UInt8]? { field.isEmpty ? nil : try Hex.decode(field) }
            return BIP340Vector(
                index: Int(fields[0])!, secretKey: try bytes(fields[1]), publicKey: try bytes(fields[2]) ?? [],
                auxiliary: try bytes(fields[3]), message: try bytes(fields[4]) ?? [],
                signature: try bytes(fields[5]) ?? [], verifies: fields[6] == "TRUE")
        }
    }
}

@Suite("BIP340: all 19 published vectors")
struct BIP340VectorTests {
    let suite = SchnorrSecp256k1Suite()

    @Test("the vector file has all 19 rows")
    func rowCount() throws {
        #expect(try BIP340Vector.all().count == 19)
    }

    @Test("signing rows reproduce the public key and signature byte for byte; every row verifies as stated",
          arguments: try BIP340Vector.all())
    func vector(_ vector: BIP340Vector) throws {
        if let secret = vector.secretKey, let auxiliary = vector.auxiliary {
            let key = try suite.signingKey(secret: secret)
            #expect(key.publicKey.bytes == vector.publicKey)
            let signature = try suite.sign(vector.message, with: key, auxiliary: auxiliary)
            #expect(signature.bytes == vector.signature)
        }
        let verified = (try? PublicKey(bytes: vector.publicKey)).map { key in
            (try? Signature(bytes: vector.signature)).map { suite.verify($0, of: vector.message, by: key) } ?? false
        } ?? false
        #expect(verified == vector.verifies)
    }
}
