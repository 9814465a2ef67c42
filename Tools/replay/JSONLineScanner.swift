/// A scalar value of a top-level key in one JSON-lines record.
enum JSONScalar: Equatable {
    case string(String)
    case integer(Int64)
    /// Any other valid JSON value (fraction, exponent, too large, bool, null, array, object).
    case other
}

/// Why a line is not one JSON object.
struct MalformedJSON: Error, Equatable {
    /// Byte offset in the line (0-based) where scanning stopped.
    let offset: Int
    let reason: String
}

/// A strict scanner for one JSON object per line: it checks the whole line is valid JSON
/// (RFC 8259) and hands back the top-level keys with their scalar values. Hand-written
/// because it is several times faster than `JSONSerialization` on millions of short lines and
/// needs no dictionary (whose order would not be deterministic anyway).
struct JSONLineScanner {
    /// Nesting limit for skipped arrays and objects, so a hostile line cannot exhaust the stack.
    static let maxDepth = 32
    /// Longest line accepted.
    static let maxLineBytes = 64 * 1024

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ line: ArraySlice<UInt8>) {
        bytes = line
        index = line.startIndex
    }

    /// The top-level members in line order (a repeated key appears twice; the reader decides).
    static func scan(_ line: ArraySlice<UInt8>) throws(MalformedJSON) -> [(key: String, value: JSONScalar)] {
        guard line.count <= maxLineBytes else { throw MalformedJSON(offset: 0, reason: "line longer than \(maxLineBytes) bytes") }
        var scanner = JSONLineScanner(line)
        return try scanner.object()
    }

    private mutating func object() throws(MalformedJSON) -> [(key: String, value: JSONScalar)] {
        skipSpace()
        try expect(UInt8(ascii: "{"))
        var members: [(key: String, value: JSONScalar)] = []
        skipSpace()
        if peek == UInt8(ascii: "}") {
            index += 1
        } else {
            repeat {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                members.append((key, try value(depth: 1)))
                skipSpace()
            } while try separator(closing: UInt8(ascii: "}"))
        }
        skipSpace()
        guard index == bytes.endIndex else { throw fail("text after the object") }
        return members
    }

    /// After a member or element: true on a comma, false on the closing bracket.
    private mutating func separator(closing: UInt8) throws(MalformedJSON) -> Bool {
        switch peek {
        case UInt8(ascii: ","): index += 1; return true
        case closing: index += 1; return false
        default: throw fail("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
        }
    }

    private mutating func value(depth: Int) throws(MalformedJSON) -> JSONScalar {
        guard depth <= Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth)") }
        skipSpace()
        switch peek {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "{"), UInt8(ascii: "["): try container(depth: depth); return .other
        case UInt8(ascii: "t"): try literal("true"); return .other
        case UInt8(ascii: "f"): try literal("false"); return .other
        case UInt8(ascii: "n"): try literal("null"); return .other
        default: return try number()
        }
    }

    /// Skips a nested array or object, checking it.
    private mutating func container(depth: Int) throws(MalformedJSON) {
        let isObject = peek == UInt8(ascii: "{")
        let closing = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        index += 1
        skipSpace()
        if peek == closing { index += 1; return }
        repeat {
            skipSpace()
            if isObject {
                _ = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
            }
            _ = try value(depth: depth + 1)
            skipSpace()
        } while try separator(closing: closing)
    }

    private mutating func number() throws(MalformedJSON) -> JSONScalar {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        try digits()
        if bytes[integerStart] == UInt8(ascii: "0"), index - integerStart > 1 { throw fail("leading zero") }
        var isInteger = true
        if peek == UInt8(ascii: ".") {
            index += 1
            try digits()
            isInteger = false
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            try digits()
            isInteger = false
        }
        guard isInteger, let value = Int64(String(decoding: bytes[start..<index], as: UTF8.self)) else { return .other }
        return .integer(value)
    }

    private mutating func digits() throws(MalformedJSON) {
        let start = index
        while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
        guard index > start else { throw fail("expected a digit") }
    }

    private mutating func literal(_ word: String) throws(MalformedJSON) {
        guard bytes[index...].starts(with: word.utf8) else { throw fail("invalid literal") }
        index += word.utf8.count
    }

    /// A string, unescaped; rejects control characters and bad escapes.
    private mutating func string() throws(MalformedJSON) -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        while let byte = peek, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte >= 0x20 { index += 1 }
        if peek == UInt8(ascii: "\"") {
            // Fast path: no escapes.
            defer { index += 1 }
            return try validUTF8(bytes[start..<index])
        }
        var scalars = Array(bytes[start..<index])
        while true {
            guard let byte = peek else { throw fail("unterminated string") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return try validUTF8(scalars[...])
            case UInt8(ascii: "\\"): try escape(into: &scalars)
            case ..<0x20: throw fail("control character in string")
            default: scalars.append(byte)
            }
        }
    }

    private mutating func escape(into buffer: inout [UInt8]) throws(MalformedJSON) {
        guard let byte = peek else { throw fail("unterminated escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte); return
        case UInt8(ascii: "b"): buffer.append(0x08); return
        case UInt8(ascii: "f"): buffer.append(0x0C); return
        case UInt8(ascii: "n"): buffer.append(0x0A); return
        case UInt8(ascii: "r"): buffer.append(0x0D); return
        case UInt8(ascii: "t"): buffer.append(0x09); return
        case UInt8(ascii: "u"): break
        default: throw fail("invalid escape")
        }
        var unit = try hex4()
        if (0xD800..<0xDC00).contains(unit) {
            // A high surrogate must be followed by an escaped low surrogate.
            try expect(UInt8(ascii: "\\"))
            try expect(UInt8(ascii: "u"))
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(unit) else { throw fail("unpaired surrogate") }
        buffer.append(contentsOf: String(Character(scalar)).utf8)
    }

    private mutating func hex4() throws(MalformedJSON) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = Self.hexDigit(byte) else { throw fail("invalid \\u escape") }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private func validUTF8(_ text: ArraySlice<UInt8>) throws(MalformedJSON) -> String {
        // ASCII (nearly every ID) is valid as it is; the generic validator is much slower.
        if text.allSatisfy({ $0 < 0x80 }) { return String(decoding: text, as: UTF8.self) }
        guard let string = String(validating: text, as: UTF8.self) else { throw fail("invalid UTF-8") }
        return string
    }

    private var peek: UInt8? { index < bytes.endIndex ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(MalformedJSON) {
        guard peek == byte else { throw fail("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    private func fail(_ reason: String) -> MalformedJSON {
        MalformedJSON(offset: index - bytes.startIndex, reason: reason)
    }
}
