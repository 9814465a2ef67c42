/// A dictionary that keeps at most `capacity` keys, forgetting the oldest inserted first, so
/// remembering every order and transaction a node has seen costs bounded memory.
public struct BoundedMap<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    public let capacity: Int
    /// Each value with the serial of its insertion.
    private var entries: [Key: (value: Value, serial: UInt64)] = [:]
    /// Insertions in order; an entry whose serial no longer matches was removed or
    /// re-inserted since, and is skipped when forgetting.
    private var order: [(key: Key, serial: UInt64)] = []
    private var head = 0
    private var nextSerial: UInt64 = 0

    public init(capacity: Int) {
        precondition(capacity > 0, "a map holds at least one key")
        self.capacity = capacity
    }

    public subscript(key: Key) -> Value? {
        get { entries[key]?.value }
        set {
            guard let newValue else {
                entries[key] = nil
                return
            }
            if let serial = entries[key]?.serial {
                entries[key] = (newValue, serial)
            } else {
                insert(key, newValue)
            }
        }
    }

    public var count: Int { entries.count }

    private mutating func insert(_ key: Key, _ value: Value) {
        entries[key] = (value, nextSerial)
        order.append((key, nextSerial))
        nextSerial += 1
        while entries.count > capacity, head < order.count {
            let oldest = order[head]
            if entries[oldest.key]?.serial == oldest.serial { entries[oldest.key] = nil }
            head += 1
        }
        // Drop the consumed prefix in bulk; stale entries are dropped too once the live ones
        // are few, so the array stays within a small multiple of the capacity.
        if head >= capacity || order.count - head > 2 * capacity {
            order = order[head...].filter { entries[$0.key]?.serial == $0.serial }
            head = 0
        }
        assert(entries.count <= capacity, "a bounded map never exceeds its capacity")
    }
}
