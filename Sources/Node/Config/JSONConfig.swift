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

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is any FixedWidthInteger.Type: "a whole number"
        case is [Any].Type: "a list"
        default: "an object"
        }
    }
}
