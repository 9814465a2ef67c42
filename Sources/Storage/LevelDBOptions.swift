/// How to open a LevelDB database. Numeric options are checked against the ranges below when
/// the database is opened; the ranges match what LevelDB itself honours, so a value is never
/// silently clipped.
public struct LevelDBOptions: Sendable, Hashable {
    /// Create the database if the folder holds none (the folder's parent must exist).
    public var createIfMissing = true
    /// Refuse to open a database that already exists.
    public var errorIfExists = false
    /// Check every read against its checksum and stop at the first sign of corruption,
    /// instead of skipping damaged data.
    public var paranoidChecks = false
    /// Check the CRC of every block a read or scan takes from a table file, so a damaged
    /// block is an error (`.corrupt`) instead of wrong or missing data.
    public var verifyChecksums = false
    /// Size of the block cache for uncompressed blocks; 0 keeps LevelDB's own 8 MiB cache.
    public var cacheBytes = 8 << 20
    /// Size of the in-memory table that is sorted and written to disk when full.
    public var writeBufferBytes = 4 << 20
    /// Bits per key of the bloom filter that lets a `get` of a missing key skip disk reads;
    /// 0 disables the filter. 10 gives about 1% false positives.
    public var bloomFilterBitsPerKey = 10
    /// Most files LevelDB keeps open at once (table cache size).
    public var maxOpenFiles = 1000

    /// Accepted `cacheBytes`: up to 64 GiB.
    public static let cacheBytesAllowed = 0...(64 << 30)
    /// Accepted `writeBufferBytes`: LevelDB's own bounds, 64 KiB to 1 GiB.
    public static let writeBufferBytesAllowed = (64 << 10)...(1 << 30)
    /// Accepted `bloomFilterBitsPerKey`; past 64 bits a filter costs more than it saves.
    public static let bloomFilterBitsPerKeyAllowed = 0...64
    /// Accepted `maxOpenFiles`: LevelDB keeps ten files open besides tables and clips the
    /// table cache to 64...49_990 of them.
    public static let maxOpenFilesAllowed = 74...50_000

    /// Default options: create if missing, 8 MiB cache, 4 MiB write buffer, 10-bit bloom.
    public init() {}

    /// What a node's chain needs: paranoid checks and checksum-verified reads, and never a
    /// new database unless `createIfMissing` (a missing CURRENT file would otherwise make
    /// LevelDB start an empty database and delete every table it no longer lists).
    public static func checked(createIfMissing: Bool) -> LevelDBOptions {
        var options = LevelDBOptions()
        options.createIfMissing = createIfMissing
        options.paranoidChecks = true
        options.verifyChecksums = true
        return options
    }

    /// Throws `.invalidOption` naming the first option outside its range.
    public func validate() throws(StorageError) {
        let checks: [(String, Int, ClosedRange<Int>)] = [
            ("cacheBytes", cacheBytes, Self.cacheBytesAllowed),
            ("writeBufferBytes", writeBufferBytes, Self.writeBufferBytesAllowed),
            ("bloomFilterBitsPerKey", bloomFilterBitsPerKey, Self.bloomFilterBitsPerKeyAllowed),
            ("maxOpenFiles", maxOpenFiles, Self.maxOpenFilesAllowed),
        ]
        for (name, value, allowed) in checks where !allowed.contains(value) {
            throw .invalidOption(name: name, value: value, allowed: allowed)
        }
    }
}
