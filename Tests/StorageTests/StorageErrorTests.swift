@testable import Storage
import Testing

@Suite("StorageError")
struct StorageErrorTests {
    static let oneOfEach: [StorageError] = [
        .closed(store: "s"),
        .locked(path: "p", detail: "d"),
        .corrupt(path: "p", detail: "d"),
        .missing(path: "p", detail: "d"),
        .alreadyExists(path: "p", detail: "d"),
        .unusablePath(path: "p", detail: "d"),
        .ioError(path: "p", detail: "d"),
        .invalidArgument(path: "p", detail: "d"),
        .unsupported(path: "p", detail: "d"),
        .unrecognized(path: "p", detail: "d"),
        .invalidPath(path: "p", reason: "r"),
        .invalidOption(name: "n", value: 1, allowed: 2...3),
        .invalidKey(byteCount: 0, maxBytes: 1),
        .valueTooLarge(byteCount: 2, maxBytes: 1),
        .batchTooLarge(byteCount: 2, maxBytes: 1),
        .invalidScanLimit(limit: 0, maxLimit: 1),
    ]

    @Test("every case has its own 6xxx code and its own snake_case name")
    func codesAndNames() {
        let codes = Self.oneOfEach.map(\.code)
        let names = Self.oneOfEach.map(\.name)
        #expect(Set(codes).count == codes.count && codes.allSatisfy { (6000..<7000).contains($0) })
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "_" } })
    }

    @Test("the description carries name, code and the offending values")
    func description() {
        let error = StorageError.locked(path: "/data/db", detail: "IO error: lock /data/db/LOCK: already held by process")
        #expect(error.description == "database_locked (6002): database /data/db is locked by another handle: IO error: lock /data/db/LOCK: already held by process")
    }

    @Test("LevelDB status texts map to the matching typed case", arguments: [
        ("IO error: lock /d/LOCK: already held by process", StorageError.LevelDBPhase.opening, "database_locked"),
        ("IO error: lock /d/LOCK: Resource temporarily unavailable", .opening, "database_locked"),
        ("Corruption: CURRENT file does not end with newline", .opening, "database_corrupt"),
        ("Corruption: checksum mismatch", .operating, "database_corrupt"),
        ("Invalid argument: /d: does not exist (create_if_missing is false)", .opening, "database_missing"),
        ("Invalid argument: /d: exists (error_if_exists is true)", .opening, "database_exists"),
        ("Invalid argument: bad comparator", .opening, "invalid_argument"),
        ("NotFound: /d/LOCK: No such file or directory", .opening, "path_unusable"),
        ("IO error: /f/d/LOCK: Not a directory", .opening, "path_unusable"),
        ("IO error: /d/LOCK: Permission denied", .opening, "path_unusable"),
        ("IO error: /d/000005.log: No space left on device", .opening, "io_error"),
        ("IO error: /d/000005.ldb: Input/output error", .operating, "io_error"),
        ("NotFound: /d/000005.ldb: No such file or directory", .operating, "io_error"),
        ("Not implemented: compression", .operating, "unsupported"),
        ("something new", .operating, "unrecognized_status"),
    ])
    func classification(text: String, phase: StorageError.LevelDBPhase, name: String) {
        let error = StorageError(levelDBStatus: text, path: "/d", phase: phase)
        #expect(error.name == name)
        #expect(error.message.contains(text))
    }
}
