#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Small files that must survive a crash whole: a reader sees the old contents or the new,
/// never a torn or empty file, and a replacement that returned is on disk.
///
/// `replace` writes a temporary file beside the target, fsyncs it, renames it over the
/// target and fsyncs the folder (so the rename itself is durable): two fsyncs per call.
public enum DurableFile {
    /// Largest file `read` accepts and `replace` writes; these files are records, not data.
    public static let bytesMax = 64 << 10
    /// Suffix of the temporary file `replace` writes first.
    public static let temporarySuffix = ".tmp"

    /// The file's bytes, or nil when there is no file at `path`. Throws `.ioError` when it
    /// cannot be read or is larger than `bytesMax`.
    public static func read(_ path: String) throws(StorageError) -> [UInt8]? {
        try StorageLimits.checkPath(path)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw failure(path, "open")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glue.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, "read")
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
            guard bytes.count <= bytesMax else {
                throw .ioError(path: path, detail: "larger than \(bytesMax) bytes; not a record file")
            }
        }
    }

    /// Replaces the file at `path` with `bytes` atomically and durably (see the type's
    /// comment). On error the old file, if any, is unchanged; a stale temporary file may
    /// remain and is overwritten by the next call.
    public static func replace(_ path: String, with bytes: [UInt8]) throws(StorageError) {
        try StorageLimits.checkPath(path + temporarySuffix)
        guard bytes.count <= bytesMax else { throw .valueTooLarge(byteCount: bytes.count, maxBytes: bytesMax) }
        let temporary = path + temporarySuffix
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(temporary, "create") }
        do throws(StorageError) {
            try writeAll(bytes, to: descriptor, path: temporary)
            guard fsync(descriptor) == 0 else { throw failure(temporary, "fsync") }
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw failure(temporary, "close") }
        guard rename(temporary, path) == 0 else { throw failure(path, "rename") }
        try syncFolder(of: path)
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(StorageError) {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                raw.baseAddress.map { Glue.write(descriptor, $0 + written, raw.count - written) } ?? 0
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, "write")
            }
            written += count
        }
    }

    /// fsyncs the folder holding `path`, which makes a rename in it durable.
    private static func syncFolder(of path: String) throws(StorageError) {
        let folder = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(folder, "open folder") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure(folder, "fsync folder") }
    }

    private static func failure(_ path: String, _ step: String) -> StorageError {
        .ioError(path: path, detail: "\(step): \(String(cString: strerror(errno)))")
    }
}

/// The C `read` and `write`, named apart from the Swift methods around them.
private enum Glue {
    static func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Darwin)
        Darwin.read(descriptor, buffer, count)
        #elseif canImport(Musl)
        Musl.read(descriptor, buffer, count)
        #else
        Glibc.read(descriptor, buffer, count)
        #endif
    }

    static func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Darwin)
        Darwin.write(descriptor, buffer, count)
        #elseif canImport(Musl)
        Musl.write(descriptor, buffer, count)
        #else
        Glibc.write(descriptor, buffer, count)
        #endif
    }
}
