/// An ordered list of puts and deletes that a store applies atomically: after
/// `write(_:sync:)` returns, all of them are visible; if it throws, none are.
///
/// Later operations on the same key win, as in LevelDB. The batch keeps a running byte
/// count and refuses any operation that would take it past `bytesMax`, leaving itself
/// unchanged, so a batch never holds more than its budget.
public struct WriteBatch: Sendable, Hashable {
    /// One change to the store.
    public enum Operation: Sendable, Hashable {
        /// Set `key` to `value`, replacing any previous value.
        case put(key: [UInt8], value: [UInt8])
        /// Remove `key`; removing a missing key is not an error.
        case delete(key: [UInt8])

        /// The key this operation changes.
        public var key: [UInt8] {
            switch self {
            case .put(let key, _), .delete(let key): key
            }
        }

        /// What the operation costs against a batch's budget: its bytes plus a fixed header.
        public var byteCount: Int {
            switch self {
            case .put(let key, let value): WriteBatch.operationOverheadBytes + key.count + value.count
            case .delete(let key): WriteBatch.operationOverheadBytes + key.count
            }
        }
    }

    /// Per-operation header charged against the budget: an upper bound on LevelDB's record
    /// tag (1 byte) and two varint32 lengths (5 bytes each), so the budget bounds real memory.
    public static let operationOverheadBytes = 11

    /// The batch's byte budget, 1...`StorageLimits.batchBytesMax`.
    public let bytesMax: Int
    /// The operations in the order they will be applied.
    public private(set) var operations: [Operation] = []
    /// Sum of `byteCount` over `operations`; never above `bytesMax`.
    public private(set) var byteCount = 0

    /// An empty batch with the default budget, `StorageLimits.batchBytesDefault`.
    public init() {
        bytesMax = StorageLimits.batchBytesDefault
    }

    /// An empty batch that holds at most `bytesMax` bytes of operations.
    public init(bytesMax: Int) throws(StorageError) {
        let allowed = 1...StorageLimits.batchBytesMax
        guard allowed.contains(bytesMax) else {
            throw .invalidOption(name: "bytesMax", value: bytesMax, allowed: allowed)
        }
        self.bytesMax = bytesMax
    }

    /// Number of operations.
    public var count: Int { operations.count }

    /// Whether the batch has no operations (writing it changes nothing).
    public var isEmpty: Bool { operations.isEmpty }

    /// Appends a put of `value` at `key`; on error the batch is unchanged.
    public mutating func put(_ key: [UInt8], _ value: [UInt8]) throws(StorageError) {
        try StorageLimits.checkKey(key)
        try StorageLimits.checkValue(value)
        try append(.put(key: key, value: value))
    }

    /// Appends a delete of `key`; on error the batch is unchanged.
    public mutating func delete(_ key: [UInt8]) throws(StorageError) {
        try StorageLimits.checkKey(key)
        try append(.delete(key: key))
    }

    private mutating func append(_ operation: Operation) throws(StorageError) {
        let grown = byteCount + operation.byteCount
        guard grown <= bytesMax else {
            throw .batchTooLarge(byteCount: grown, maxBytes: bytesMax)
        }
        operations.append(operation)
        byteCount = grown
        assert(byteCount <= bytesMax && byteCount >= operations.count * Self.operationOverheadBytes)
    }
}
