import Foundation

/// Reads and writes the node's JSON files, turning decoding failures into errors that name
/// the file and the field, e.g. `devnet/genesis.json: field 'allocations[2].amount': …`.
enum JSONConfig {
    static func decode<Value: Decodable>(_ type: Value.Type, path: String) throws(NodeError) -> Value {
        let data = try NodeFiles.read(path)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw invalid(error, path: path)
        } catch {
            throw .configUnreadable(path: path, reason: error.localizedDescription)
        }
    }

    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain DTOs of strings and integers cannot fail.
        return (try? encoder.encode(value)) ?? Data()
    }

    /// `a.b[2].c` for a coding path.
    static func fieldName(_ path: [any CodingKey]) -> String {
        var name = ""
        for key in path {
            if let index = key.intValue {
                name += "[\(index)]"
            } else {
                name += name.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return name.isEmpty ? "(top level)" : name
    }

    private static func invalid(_ error: DecodingError, path: String) -> NodeError {
        switch error {
        case let .keyNotFound(key, context):
            return .configInvalid(path: path, field: fieldName(context.codingPath + [key]), reason: "missing")
        case let .typeMismatch(type, context):
            return .configInvalid(path: path, field: fieldName(context.codingPath), reason: "expected \(describe(type))")
        case let .valueNotFound(type, context):
            return .configInvalid(path: path, field: fieldName(context.codingPath), reason: "expected \(describe(type)), got null")
        case let .dataCorrupted(context):
            let underlying = context.underlyingError.map { " (\($0.localizedDescription))" } ?? ""
            return .configInvalid(path: path, field: fieldName(context.codingPath), reason: context.debugDescription + underlying)
        @unknown default:
            return .configUnreadable(path: path, reason: "\(error)")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        if let integer = type as? any FixedWidthInteger.Type { return "a whole number in \(range(integer))" }
        return switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default: "an object"
        }
    }

    private static func range<Integer: FixedWidthInteger>(_ type: Integer.Type) -> String { "\(Integer.min)...\(Integer.max)" }
}

extension KeyedDecodingContainer {
    /// The value at `key`, like `decode(_:forKey:)`, except that a number the type cannot
    /// hold (negative, fractional or too large for it) is reported at `key`, with what was
    /// found and the accepted range. Foundation's JSONDecoder reports those with an empty
    /// coding path ("the given data was not valid JSON"), which named no field.
    func field<Value: Decodable>(_ key: Key) throws -> Value {
        do { return try decode(Value.self, forKey: key) } catch let error as DecodingError { throw error } catch {
            throw unrepresentable(Value.self, at: key)
        }
    }

    /// `field(_:)` for a key that may be left out: nil when absent.
    func fieldIfPresent<Value: Decodable>(_ key: Key) throws -> Value? {
        do { return try decodeIfPresent(Value.self, forKey: key) } catch let error as DecodingError { throw error } catch {
            throw unrepresentable(Value.self, at: key)
        }
    }

    /// `field(_:)` for a key that may be left out for `defaultValue`.
    func field<Value: Decodable>(_ key: Key, default defaultValue: Value) throws -> Value {
        try fieldIfPresent(key) ?? defaultValue
    }

    private func unrepresentable(_ type: Any.Type, at key: Key) -> DecodingError {
        let found = (try? decode(Decimal.self, forKey: key)).map { "\($0)" } ?? "the value"
        return .dataCorrupted(.init(codingPath: codingPath + [key], debugDescription: "\(found) is not \(JSONConfig.describe(type))"))
    }
}
