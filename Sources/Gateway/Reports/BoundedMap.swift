/// A dictionary that keeps at most `capacity` keys, forgetting the oldest inserted first, so
/// remembering every order and transaction a node has seen costs bounded memory.
struct BoundedMap<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    let capacity: Int
    private(set) var values: [Key: Value] = [:]
    /// Insertion order; `head` is the oldest key still counted.
    private var order: [Key] = []
    private var head = 0

    init(capacity: Int) {
        precondition(capacity > 0, "a map holds at least one key")
        self.capacity = capacity
    }

    subscript(key: Key) -> Value? {
        get { values[key] }
        set {
            guard let newValue else { values[key] = nil; return }
            if values.updateValue(newValue, forKey: key) == nil { remember(key) }
        }
    }

    var count: Int { values.count }

    private mutating func remember(_ key: Key) {
        order.append(key)
        while values.count > capacity, head < order.count {
            values[order[head]] = nil
            head += 1
        }
        // Drop the forgotten prefix in bulk, keeping the array within twice the capacity.
        if head >= capacity {
            order.removeFirst(head)
            head = 0
        }
        assert(values.count <= capacity, "a bounded map never exceeds its capacity")
    }
}
