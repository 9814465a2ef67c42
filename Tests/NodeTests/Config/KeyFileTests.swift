import Crypto
import Foundation
import Node
import Testing

@Suite("Key files: owner-only, never overwritten, checked on read")
struct KeyFileTests {
    @Test("a written key reads back as the same key, in a file of mode 0600")
    func roundTrip() throws {
        let devnet = try TestDevnet(create: false)
        try FileManager.default.createDirectory(atPath: devnet.directory, withIntermediateDirectories: true)
        let path = devnet.directory + "/a.key"
        let key = TestDevnet.key("trader-1")
        try KeyFile(key: key).write(to: path)
        #expect(try KeyFile.signingKey(at: path).publicKey == key.publicKey)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("an existing file is never overwritten; a file that is not a key is key_file_invalid (9003)")
    func refusals() throws {
        let devnet = try TestDevnet(create: false)
        try FileManager.default.createDirectory(atPath: devnet.directory, withIntermediateDirectories: true)
        let path = devnet.directory + "/a.key"
        try KeyFile(key: TestDevnet.key("trader-1")).write(to: path)
        #expect(throws: NodeError.self) { try KeyFile(key: TestDevnet.key("trader-2")).write(to: path) }
        #expect(try KeyFile.signingKey(at: path).publicKey == TestDevnet.key("trader-1").publicKey)
        for text in ["hello", "lodestone-key v1 9 00", "lodestone-key v1 1 abcd", "lodestone-key v1 1 " + String(repeating: "00", count: 32)] {
            let bad = devnet.directory + "/bad.key"
            try? FileManager.default.removeItem(atPath: bad)
            try Data(text.utf8).write(to: URL(fileURLWithPath: bad))
            let error = try #require(throws: NodeError.self) { try KeyFile.signingKey(at: bad) }
            #expect(error.code == 9003, "\(text)")
        }
    }
}
