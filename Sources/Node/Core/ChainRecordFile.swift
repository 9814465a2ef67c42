import Foundation
import Storage

/// A node folder's chain record on disk (`chain-record.json`), replaced atomically and
/// durably on every write: temporary file, fsync, rename, fsync of the folder.
///
/// Cost: one small file write and two fsyncs per committed block, after the block's own
/// synced LevelDB batch (docs/OPERATIONS.md, storage faults, gives the measured figure).
public struct ChainRecordFile: Sendable {
    /// Where the record lives.
    public let path: String

    /// The record file at `path`.
    public init(path: String) {
        self.path = path
    }

    /// The record, or nil when the file does not exist (a new node folder, or one from
    /// before records). Throws `chainRecordInvalid` for a file that is not a record.
    public func read() throws(NodeError) -> ChainRecord? {
        let bytes: [UInt8]?
        do { bytes = try DurableFile.read(path) } catch { throw .chainRecordInvalid(path: path, reason: error.message) }
        guard let bytes else { return nil }
        do { return try JSONDecoder().decode(ChainRecord.self, from: Data(bytes)) } catch let error as DecodingError {
            throw .chainRecordInvalid(path: path, reason: Self.describe(error))
        } catch {
            throw .chainRecordInvalid(path: path, reason: "not JSON: \(error.localizedDescription)")
        }
    }

    /// Replaces the record; on return it is on disk. Throws `storage_failed` (I/O).
    public func write(_ record: ChainRecord) throws(NodeError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // A record of two hex strings and two integers always encodes.
        let json = (try? encoder.encode(record)) ?? Data()
        do { try DurableFile.replace(path, with: Array(json) + [0x0A]) } catch { throw .storage(error) }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, _): "field '\(key.stringValue)' is missing"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            context.codingPath.isEmpty
                ? context.debugDescription : "field '\(JSONConfig.fieldName(context.codingPath))': \(context.debugDescription)"
        @unknown default: "\(error)"
        }
    }
}
