import Foundation

/// The node's file access: bounded reads, and writes that never replace an existing file
/// unless asked, so a typo in a path cannot clobber a key.
enum NodeFiles {
    /// Largest configuration, genesis or key file the node reads.
    static let fileBytesMax = 4 << 20

    /// The bytes of the file at `path`, refusing anything over `maxBytes`.
    static func read(_ path: String, maxBytes: Int = fileBytesMax) throws(NodeError) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .configUnreadable(path: path, reason: exists(path) ? "cannot open the file" : "no such file")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: maxBytes + 1) ?? Data() } catch {
            throw .configUnreadable(path: path, reason: error.localizedDescription)
        }
        guard data.count <= maxBytes else { throw .configUnreadable(path: path, reason: "larger than \(maxBytes) bytes") }
        return data
    }

    /// Creates the file at `path` with `data` and POSIX `mode`; an existing file is an error
    /// unless `replace` is set.
    static func write(_ data: Data, to path: String, mode: Int = 0o644, replace: Bool = false) throws(NodeError) {
        guard replace || !exists(path) else { throw .devnetRefused(path: path, reason: "exists; refusing to overwrite it") }
        if replace, exists(path) { try remove(path) }
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: mode]) else {
            throw .devnetRefused(path: path, reason: "cannot create the file")
        }
    }

    /// Creates `path` and its missing parents.
    static func makeDirectory(_ path: String) throws(NodeError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .devnetRefused(path: path, reason: "cannot create the folder: \(error.localizedDescription)")
        }
    }

    static func remove(_ path: String) throws(NodeError) {
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw .devnetRefused(path: path, reason: "cannot remove it: \(error.localizedDescription)")
        }
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// `path` resolved against `base` unless it is absolute.
    static func resolve(_ path: String, against base: String) -> String {
        path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
    }
}
