import Crypto
import Foundation
import Primitives

/// A key file: one line `lodestone-key v1 <suite> <secret hex>`. Plain text so an operator
/// can back it up with ordinary tools; created with mode 0600 and never overwritten.
public struct KeyFile: Sendable, Equatable {
    /// The first two words of every key file.
    public static let header = "lodestone-key v1"
    /// Longest key file read: the one line with room for whitespace.
    static let fileBytesMax = 1_024
    /// Every suite's secrets are 32 bytes.
    public static let secretBytes = 32

    public let suite: CryptoSuiteID
    public let secret: [UInt8]

    /// A key file for `secret` of `suite`; the secret must be `secretBytes` long.
    public init(suite: CryptoSuiteID, secret: [UInt8]) {
        precondition(secret.count == Self.secretBytes, "a key file holds a 32-byte secret")
        self.suite = suite
        self.secret = secret
    }

    /// The key file of `key`.
    public init(key: any SigningKey) {
        self.init(suite: key.suite, secret: key.secretBytes)
    }

    /// Creates the file at `path`, readable only by its owner. An existing file is refused.
    public func write(to path: String) throws(NodeError) {
        guard !NodeFiles.exists(path) else { throw .keyFileInvalid(path: path, reason: "exists; refusing to overwrite a key file") }
        let text = "\(Self.header) \(suite.rawValue) \(Hex.encode(secret))\n"
        try NodeFiles.write(Data(text.utf8), to: path, mode: 0o600)
    }

    /// Reads and checks the key file at `path`.
    public static func read(from path: String) throws(NodeError) -> KeyFile {
        let data = try NodeFiles.read(path, maxBytes: fileBytesMax)
        let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 4, "\(fields[0]) \(fields[1])" == header else {
            throw .keyFileInvalid(path: path, reason: "not a lodestone key file (expected '\(header) <suite> <secret hex>')")
        }
        guard let suiteID = UInt8(fields[2]), let suite = CryptoSuiteID(rawValue: suiteID) else {
            throw .keyFileInvalid(path: path, reason: "unknown crypto suite \(fields[2])")
        }
        guard let secret = try? Hex.decode(fields[3]), secret.count == secretBytes else {
            throw .keyFileInvalid(path: path, reason: "the secret must be \(secretBytes) bytes of hex")
        }
        return KeyFile(suite: suite, secret: secret)
    }

    /// The signing key; `path` only names the file in the error.
    public func signingKey(path: String = "key file") throws(NodeError) -> any SigningKey {
        do { return try SchnorrSecp256k1Suite.named(suite.rawValue).signingKey(secret: secret) } catch {
            throw .keyFileInvalid(path: path, reason: error.message)
        }
    }

    /// Reads the key file at `path` and returns its signing key.
    public static func signingKey(at path: String) throws(NodeError) -> any SigningKey {
        try read(from: path).signingKey(path: path)
    }
}
