import Primitives

/// Bad input to the replay tool. Codes 49xx: the tool sits on top of the matching core, and
/// its own refusals follow the core's 4xxx block without taking its codes.
enum ReplayError: CodedError, Equatable {
    /// A line that is not one JSON object.
    case malformedJSON(line: Int, reason: String)
    /// A JSON object that is not a valid operation record.
    case invalidRecord(line: Int, reason: String)
    /// More distinct order IDs or owners than the books' ID space holds.
    case tooManyIDs(line: Int, limit: UInt32)
    /// A market file that cannot be read or has a bad line.
    case invalidMarketFile(path: String, line: Int, reason: String)
    /// An input file that cannot be read.
    case unreadableInput(path: String)

    var code: UInt16 {
        switch self {
        case .malformedJSON: 4901
        case .invalidRecord: 4902
        case .tooManyIDs: 4903
        case .invalidMarketFile: 4904
        case .unreadableInput: 4905
        }
    }

    var name: String {
        switch self {
        case .malformedJSON: "malformed_json"
        case .invalidRecord: "invalid_record"
        case .tooManyIDs: "too_many_ids"
        case .invalidMarketFile: "invalid_market_file"
        case .unreadableInput: "unreadable_input"
        }
    }

    var message: String {
        switch self {
        case .malformedJSON(let line, let reason): "line \(line): not a JSON object: \(reason)"
        case .invalidRecord(let line, let reason): "line \(line): \(reason)"
        case .tooManyIDs(let line, let limit): "line \(line): more than \(limit) distinct IDs"
        case .invalidMarketFile(let path, let line, let reason): "\(path):\(line): \(reason)"
        case .unreadableInput(let path): "cannot read \(path)"
        }
    }
}
