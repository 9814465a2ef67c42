import PropertyBased
import Testing
import TestSupport
import ZeroMQ

@Suite("ZMQZ85")
struct ZMQZ85Tests {
    @Test("the RFC 32 test vector encodes to HelloWorld and back")
    func rfcVector() throws {
        let vector: [UInt8] = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B]
        #expect(try ZMQZ85.encode(vector) == "HelloWorld")
        #expect(try ZMQZ85.decode("HelloWorld") == vector)
    }

    @Test("random byte strings of whole 4-byte groups round-trip, the empty one included")
    func roundTrip() throws {
        let groups = Gen.int(in: 0...255).map { UInt8($0) }.array(of: 4).array(of: 0...16)
        try seededCheck(seed: 0x2E40_0085, count: 200, groups) { groups, caseIndex in
            let data = groups.flatMap { $0 }
            let text = try ZMQZ85.encode(data)
            #expect(text.utf8.count == data.count / 4 * 5, "case \(caseIndex)")
            #expect(try ZMQZ85.decode(text) == data, "case \(caseIndex)")
        }
    }

    @Test("bad lengths, characters outside the alphabet, overflow and NUL are invalid_z85")
    func rejectsBadInput() {
        expectError(.invalidZ85) { try ZMQZ85.encode([1, 2, 3]) }
        expectError(.invalidZ85) { try ZMQZ85.encode([UInt8](repeating: 0, count: ZMQLimits.maxZ85Bytes + 4)) }
        for text in ["Hell", "Hell~World", "#####", "Hello\u{0}orld", "Hello World"] {
            expectError(.invalidZ85) { try ZMQZ85.decode(text) }
        }
    }
}
