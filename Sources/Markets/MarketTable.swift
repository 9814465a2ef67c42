import TOMLKit

/// A parsed market file: reads each key with the type and range its field needs, and turns
/// every problem into a `MarketFileError` naming the file and the key.
struct MarketTable {
    let path: String
    private let table: TOMLTable

    /// Parses `toml`; `path` is the name reported in errors.
    init(toml: String, path: String) throws(MarketFileError) {
        self.path = path
        guard toml.utf8.count <= MarketLimits.fileMaxBytes else {
            throw MarketFileError(path: path, problem: .fileTooLarge(limitBytes: MarketLimits.fileMaxBytes))
        }
        // TOMLKit hands the text to C++ as a C string, which would silently end at a NUL.
        if let position = Self.firstNulPosition(toml) {
            throw MarketFileError(
                path: path, problem: .invalidSyntax(line: position.line, column: position.column, reason: "NUL byte"))
        }
        do {
            table = try TOMLTable(string: toml)
        } catch {
            throw MarketFileError(path: path, problem: Self.syntaxProblem(error))
        }
    }

    /// Fails on the first key, in sorted order, that no market file defines.
    func rejectUnknownKeys() throws(MarketFileError) {
        let known = Set(MarketKey.allCases.map(\.rawValue))
        if let unknown = table.keys.sorted().first(where: { !known.contains($0) }) {
            throw MarketFileError(path: path, key: unknown, problem: .unknownKey)
        }
    }

    /// The value at `key`, or `nil` when the key is absent.
    func optional<T>(
        _ key: MarketKey, _ read: (MarketKey) throws(MarketFileError) -> T
    ) throws(MarketFileError) -> T? {
        table.contains(key: key.rawValue) ? try read(key) : nil
    }

    /// A required string.
    func string(_ key: MarketKey) throws(MarketFileError) -> String {
        let value = try value(key)
        guard let text = value.string else { throw wrongType(key, expected: .string, found: value.type) }
        return text
    }

    /// A required non-negative integer that fits in `T`.
    func unsigned<T: FixedWidthInteger & UnsignedInteger>(_ key: MarketKey) throws(MarketFileError) -> T {
        let value = try value(key)
        guard let int = value.int else { throw wrongType(key, expected: .int, found: value.type) }
        guard int >= 0 else { throw outOfRange(key, "must not be negative") }
        guard let result = T(exactly: int) else { throw outOfRange(key, "must be at most \(T.max)") }
        return result
    }

    /// A required string naming one case of `T`.
    func choice<T: RawRepresentable & CaseIterable>(_ key: MarketKey) throws(MarketFileError) -> T
    where T.RawValue == String {
        let text = try string(key)
        guard let result = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue)
            throw MarketFileError(path: path, key: key.rawValue, problem: .badEnumValue(value: text, allowed: allowed))
        }
        return result
    }

    private func value(_ key: MarketKey) throws(MarketFileError) -> TOMLValueConvertible {
        guard let value = table[key.rawValue] else {
            throw MarketFileError(path: path, key: key.rawValue, problem: .missingKey)
        }
        return value
    }

    private func wrongType(_ key: MarketKey, expected: TOMLType, found: TOMLType) -> MarketFileError {
        let problem = MarketProblem.wrongType(expected: "a TOML \(expected)", found: "a TOML \(found)")
        return MarketFileError(path: path, key: key.rawValue, problem: problem)
    }

    private func outOfRange(_ key: MarketKey, _ rule: String) -> MarketFileError {
        MarketFileError(path: path, key: key.rawValue, problem: .outOfRange(rule: rule))
    }

    private static func syntaxProblem(_ error: any Error) -> MarketProblem {
        guard let parseError = error as? TOMLParseError else {
            return .invalidSyntax(line: 0, column: 0, reason: "\(error)")
        }
        let begin = parseError.source.begin
        return .invalidSyntax(line: begin.line, column: begin.column, reason: parseError.description)
    }

    /// 1-based line and column (in bytes) of the first NUL byte in `text`, if any.
    private static func firstNulPosition(_ text: String) -> (line: Int, column: Int)? {
        let bytes = Array(text.utf8)
        guard let index = bytes.firstIndex(of: 0) else { return nil }
        let before = bytes[..<index]
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let line = before.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        return (line, index - lineStart + 1)
    }
}
