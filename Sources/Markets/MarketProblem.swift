/// What is wrong with a market file or definition.
///
/// Each case has its own stable code (5xxx) and snake_case name; `detail` says which rule
/// was broken, with the offending values. The file path and key are added by the error that
/// carries the problem (`MarketFileError`, `MarketRuleError`).
public enum MarketProblem: Equatable, Sendable {
    /// The file or directory could not be read (missing, a directory, not UTF-8, ...).
    case unreadable(reason: String)
    /// The text is not valid TOML; line and column are 1-based as TOMLKit reports them.
    case invalidSyntax(line: Int, column: Int, reason: String)
    /// A required key is absent.
    case missingKey
    /// A key that no market file defines; usually a typo.
    case unknownKey
    /// The key holds the wrong TOML type, e.g. a string where an integer belongs.
    case wrongType(expected: String, found: String)
    /// A number outside its allowed range.
    case outOfRange(rule: String)
    /// A number that must be a whole multiple of another is not.
    case notMultiple(rule: String)
    /// A string that does not have the required form.
    case malformed(rule: String)
    /// A string that is not one of the allowed choices.
    case badEnumValue(value: String, allowed: [String])
    /// The `symbol` does not match the file's name (`<symbol>.toml`).
    case symbolMismatch(symbol: String, fileName: String)
    /// Two files define the same symbol.
    case duplicateSymbol(symbol: String, firstPath: String)
    /// The file is larger than `MarketLimits.fileMaxBytes`.
    case fileTooLarge(limitBytes: Int)
    /// More market files than `MarketLimits.catalogMaxMarkets`.
    case tooManyMarkets(limit: Int)

    /// Stable numeric code; never reused for another meaning.
    public var code: UInt16 {
        switch self {
        case .unreadable: 5001
        case .invalidSyntax: 5002
        case .missingKey: 5003
        case .unknownKey: 5004
        case .wrongType: 5005
        case .outOfRange: 5006
        case .notMultiple: 5007
        case .malformed: 5008
        case .badEnumValue: 5009
        case .symbolMismatch: 5010
        case .duplicateSymbol: 5011
        case .fileTooLarge: 5012
        case .tooManyMarkets: 5013
        }
    }

    /// Stable machine name.
    public var name: String {
        switch self {
        case .unreadable: "market_file_unreadable"
        case .invalidSyntax: "market_file_invalid_toml"
        case .missingKey: "market_key_missing"
        case .unknownKey: "market_key_unknown"
        case .wrongType: "market_key_wrong_type"
        case .outOfRange: "market_value_out_of_range"
        case .notMultiple: "market_value_not_multiple"
        case .malformed: "market_value_malformed"
        case .badEnumValue: "market_value_not_allowed"
        case .symbolMismatch: "market_symbol_file_mismatch"
        case .duplicateSymbol: "market_symbol_duplicate"
        case .fileTooLarge: "market_file_too_large"
        case .tooManyMarkets: "market_catalog_too_large"
        }
    }

    /// The rule that was broken, for a person.
    public var detail: String {
        switch self {
        case .unreadable(let reason):
            "cannot read: \(reason)"
        case .invalidSyntax(let line, let column, let reason):
            "line \(line), column \(column): invalid TOML: \(reason)"
        case .missingKey:
            "is required but missing"
        case .unknownKey:
            "is not a market key (typo?)"
        case .wrongType(let expected, let found):
            "must be \(expected), found \(found)"
        case .outOfRange(let rule), .notMultiple(let rule), .malformed(let rule):
            rule
        case .badEnumValue(let value, let allowed):
            "'\(value)' is not one of \(allowed.map { "'\($0)'" }.joined(separator: ", "))"
        case .symbolMismatch(let symbol, let fileName):
            "'\(symbol)' must be defined in '\(symbol).toml', not '\(fileName)'"
        case .duplicateSymbol(let symbol, let firstPath):
            "'\(symbol)' is already defined by \(firstPath)"
        case .fileTooLarge(let limitBytes):
            "file is larger than \(limitBytes) bytes"
        case .tooManyMarkets(let limit):
            "more than \(limit) market files"
        }
    }

    /// `detail`, prefixed with the key it concerns when there is one.
    func describe(key: String?) -> String {
        guard let key else { return detail }
        return "key '\(key)': \(detail)"
    }
}
