@testable import LodestoneReplay
import Testing

@Suite("JSON line scanner")
struct JSONLineScannerTests {
    static func scan(_ text: String) throws(MalformedJSON) -> [(key: String, value: JSONScalar)] {
        try JSONLineScanner.scan(ArraySlice(text.utf8))
    }

    @Test("reads top-level strings and integers, unescapes strings, and skips nested values")
    func readsMembers() throws {
        let members = try Self.scan(#" { "a" : "x\"\u00e9\ud83d\ude00" , "n":-42, "f":1.5, "o":{"k":[1,true,null,{}]}, "e":[] } "#)
        #expect(members.map(\.key) == ["a", "n", "f", "o", "e"])
        #expect(members.map(\.value) == [.string("x\"é😀"), .integer(-42), .other, .other, .other])
    }

    @Test("an integer beyond 64 bits is a valid number but not an integer")
    func hugeInteger() throws {
        #expect(try Self.scan(#"{"n":99999999999999999999}"#).first?.value == .other)
    }

    @Test("rejects what is not exactly one JSON object", arguments: [
        "", "[]", "{", #"{"a":1"#, #"{"a":1}x"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":-}"#, #"{a:1}"#,
        #"{"a":"\q"}"#, #"{"a":"\u12"}"#, #"{"a":"\ud800"}"#, "{\"a\":\"\u{01}\"}", #"{"a":tru}"#, #"{"a":1,}"#,
        #"{"a" 1}"#, #"{"a":"x}"#,
    ])
    func rejectsMalformed(text: String) {
        #expect(throws: MalformedJSON.self) { try Self.scan(text) }
    }

    @Test("rejects nesting deeper than the limit")
    func depthLimit() {
        let deep = #"{"a":"# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}"
        #expect(throws: MalformedJSON.self) { try Self.scan(deep) }
    }

    @Test("rejects invalid UTF-8 inside strings")
    func invalidUTF8() {
        #expect(throws: MalformedJSON.self) { try JSONLineScanner.scan(ArraySlice([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])) }
    }
}
