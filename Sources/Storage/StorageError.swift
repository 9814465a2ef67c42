import Primitives

/// Every way a storage call can fail. Codes live in the 6xxx block and never change meaning.
///
/// A call that throws changes nothing: batches are applied whole or not at all, and input is
/// checked before LevelDB sees it.
public enum StorageError: CodedError, Equatable {
    /// The store (or the store behind a snapshot) was closed; `store` names it (path or "memory").
    case closed(store: String)
    /// Another handle, in this process or another one, holds the database's LOCK file.
    case locked(path: String, detail: String)
    /// LevelDB found damaged files (CURRENT, a MANIFEST, a table or log); `repair` may help.
    case corrupt(path: String, detail: String)
    /// There is no database at `path` and the options did not ask to create one.
    case missing(path: String, detail: String)
    /// A database already exists at `path` and the options asked for a fresh one.
    case alreadyExists(path: String, detail: String)
    /// The folder cannot hold a database: a parent is missing, is a regular file, or is not writable.
    case unusablePath(path: String, detail: String)
    /// The operating system failed a read or write (disk full, I/O failure, ...).
    case ioError(path: String, detail: String)
    /// LevelDB rejected an argument for a reason the other cases do not cover.
    case invalidArgument(path: String, detail: String)
    /// LevelDB does not implement the requested feature in this build.
    case unsupported(path: String, detail: String)
    /// LevelDB reported a status this wrapper does not recognise; `detail` is its text.
    case unrecognized(path: String, detail: String)
    /// The path cannot be handed to LevelDB (empty, too long, or containing a NUL byte).
    case invalidPath(path: String, reason: String)
    /// An option is outside the range this wrapper accepts.
    case invalidOption(name: String, value: Int, allowed: ClosedRange<Int>)
    /// A key is empty or longer than `maxBytes`.
    case invalidKey(byteCount: Int, maxBytes: Int)
    /// A value is longer than `maxBytes`.
    case valueTooLarge(byteCount: Int, maxBytes: Int)
    /// Adding an operation would take a batch past its byte budget; the batch is unchanged.
    case batchTooLarge(byteCount: Int, maxBytes: Int)
    /// A scan asked for zero, negative or too many entries.
    case invalidScanLimit(limit: Int, maxLimit: Int)

    /// Stable 6xxx code, one per case.
    public var code: UInt16 {
        switch self {
        case .closed: 6001
        case .locked: 6002
        case .corrupt: 6003
        case .missing: 6004
        case .alreadyExists: 6005
        case .unusablePath: 6006
        case .ioError: 6007
        case .invalidArgument: 6008
        case .unsupported: 6009
        case .unrecognized: 6010
        case .invalidPath: 6011
        case .invalidOption: 6012
        case .invalidKey: 6013
        case .valueTooLarge: 6014
        case .batchTooLarge: 6015
        case .invalidScanLimit: 6016
        }
    }

    /// Stable snake_case name, one per case.
    public var name: String {
        switch self {
        case .closed: "store_closed"
        case .locked: "database_locked"
        case .corrupt: "database_corrupt"
        case .missing: "database_missing"
        case .alreadyExists: "database_exists"
        case .unusablePath: "path_unusable"
        case .ioError: "io_error"
        case .invalidArgument: "invalid_argument"
        case .unsupported: "unsupported"
        case .unrecognized: "unrecognized_status"
        case .invalidPath: "invalid_path"
        case .invalidOption: "invalid_option"
        case .invalidKey: "invalid_key"
        case .valueTooLarge: "value_too_large"
        case .batchTooLarge: "batch_too_large"
        case .invalidScanLimit: "invalid_scan_limit"
        }
    }

    /// Explanation with the path, LevelDB's own text or the offending sizes.
    public var message: String {
        switch self {
        case .closed(let store):
            "store \(store) is closed"
        case .locked(let path, let detail):
            "database \(path) is locked by another handle: \(detail)"
        case .corrupt(let path, let detail):
            "database \(path) is corrupt: \(detail)"
        case .missing(let path, let detail):
            "no database at \(path): \(detail)"
        case .alreadyExists(let path, let detail):
            "database \(path) already exists: \(detail)"
        case .unusablePath(let path, let detail):
            "cannot use \(path) for a database: \(detail)"
        case .ioError(let path, let detail):
            "I/O error in database \(path): \(detail)"
        case .invalidArgument(let path, let detail):
            "LevelDB rejected an argument for \(path): \(detail)"
        case .unsupported(let path, let detail):
            "LevelDB does not support this for \(path): \(detail)"
        case .unrecognized(let path, let detail):
            "unrecognised LevelDB status for \(path): \(detail)"
        case .invalidPath(let path, let reason):
            "invalid database path \(path.debugDescription): \(reason)"
        case .invalidOption(let name, let value, let allowed):
            "option \(name) = \(value) is outside \(allowed.lowerBound)...\(allowed.upperBound)"
        case .invalidKey(let byteCount, let maxBytes):
            "key of \(byteCount) bytes; keys must be 1...\(maxBytes) bytes"
        case .valueTooLarge(let byteCount, let maxBytes):
            "value of \(byteCount) bytes exceeds \(maxBytes) bytes"
        case .batchTooLarge(let byteCount, let maxBytes):
            "batch would grow to \(byteCount) bytes, over its limit of \(maxBytes) bytes"
        case .invalidScanLimit(let limit, let maxLimit):
            "scan limit \(limit) is outside 1...\(maxLimit)"
        }
    }
}
