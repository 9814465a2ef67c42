import Testing
import ZeroMQ

@Suite("ZMQCurveKey")
struct ZMQCurveKeyTests {
    @Test("a key is exactly 32 bytes; other lengths are invalid_argument")
    func lengthIsChecked() throws {
        #expect(try ZMQCurveKey(bytes: [UInt8](repeating: 9, count: 32)).bytes.count == 32)
        expectError(.invalidArgument) { try ZMQCurveKey(bytes: [UInt8](repeating: 9, count: 31)) }
        expectError(.invalidArgument) { try ZMQCurveKey(bytes: [UInt8](repeating: 9, count: 33)) }
        expectError(.invalidArgument) { try ZMQCurveKey(z85: "HelloWorld") }
        expectError(.invalidZ85) { try ZMQCurveKey(z85: "not z85 at all") }
    }

    @Test("a key's 40-character Z85 form round-trips")
    func z85RoundTrip() throws {
        let key = try ZMQCurveKey(bytes: (0..<32).map { UInt8($0 * 7) })
        #expect(key.z85.count == 40)
        #expect(try ZMQCurveKey(z85: key.z85) == key)
    }

    @Test("description never shows the key")
    func descriptionIsRedacted() throws {
        let key = try ZMQCurve.generateKeyPair().secretKey
        #expect(!key.description.contains(key.z85))
        #expect(!String(describing: key).contains(key.z85))
        #expect(key.description == "ZMQCurveKey(32 bytes)")
    }
}
