import ArgumentParser
import Crypto
import Foundation
import Primitives

/// A key file: one line `lodestone-key v1 <suite> <secret hex>`. Plain text so an operator
/// can back it up with ordinary tools; created with mode 0600.
struct KeyFile {
    static let header = "lodestone-key v1"

    let suite: CryptoSuiteID
    let secret: [UInt8]

    func write(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("\(path) exists; refusing to overwrite a key file")
        }
        let text = "\(Self.header) \(suite.rawValue) \(Hex.encode(secret))\n"
        let created = FileManager.default.createFile(
            atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        guard created else { throw ValidationError("cannot create \(path)") }
    }

    static func read(from path: String) throws -> KeyFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 4, "\(fields[0]) \(fields[1])" == header, let suiteID = UInt8(fields[2]),
              let suite = CryptoSuiteID(rawValue: suiteID) else {
            throw ValidationError("\(path) is not a lodestone key file")
        }
        return KeyFile(suite: suite, secret: try Hex.decode(fields[3]))
    }

    func signingKey() throws -> any SigningKey {
        try SchnorrSecp256k1Suite.named(suite.rawValue).signingKey(secret: secret)
    }
}
