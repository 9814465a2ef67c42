extension StorageError {
    /// Where a LevelDB status came from: file-system errors while opening (or repairing or
    /// destroying) a database mean the folder is unusable, later they are plain I/O errors.
    enum LevelDBPhase {
        case opening
        case operating
    }

    /// Classifies LevelDB's status text (`leveldb::Status::ToString`), the only error
    /// information its C API gives.
    ///
    /// The prefixes are fixed by LevelDB ("IO error: ", "Corruption: ", "Invalid argument: ",
    /// "NotFound: ", "Not implemented: "); lock failures read "IO error: lock <path>/LOCK: ...".
    init(levelDBStatus detail: String, path: String, phase: LevelDBPhase) {
        if detail.hasPrefix("IO error: lock ") {
            self = .locked(path: path, detail: detail)
        } else if detail.hasPrefix("Corruption: ") {
            self = .corrupt(path: path, detail: detail)
        } else if detail.hasPrefix("Invalid argument: ") {
            self = Self.invalidArgument(detail, path: path)
        } else if detail.hasPrefix("Not implemented: ") {
            self = .unsupported(path: path, detail: detail)
        } else if detail.hasPrefix("NotFound: ") || detail.hasPrefix("IO error: ") {
            self = Self.fileSystemError(detail, path: path, phase: phase)
        } else {
            self = .unrecognized(path: path, detail: detail)
        }
    }

    /// LevelDB reports both "no database here" and "a database is already here" as invalid
    /// arguments; they are distinct, actionable cases for callers.
    private static func invalidArgument(_ detail: String, path: String) -> StorageError {
        if detail.contains("does not exist (create_if_missing is false)") {
            return .missing(path: path, detail: detail)
        }
        if detail.contains("exists (error_if_exists is true)") {
            return .alreadyExists(path: path, detail: detail)
        }
        return .invalidArgument(path: path, detail: detail)
    }

    /// LevelDB turns ENOENT into "NotFound" and every other errno into "IO error", with
    /// `strerror` text appended.
    private static func fileSystemError(
        _ detail: String, path: String, phase: LevelDBPhase
    ) -> StorageError {
        let pathProblems = ["No such file or directory", "Not a directory", "Permission denied", "Read-only file system"]
        if phase == .opening && pathProblems.contains(where: { detail.contains($0) }) {
            return .unusablePath(path: path, detail: detail)
        }
        return .ioError(path: path, detail: detail)
    }
}
