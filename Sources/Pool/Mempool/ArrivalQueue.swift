/// Keys in the order they arrived, with O(1) removal from anywhere: a removed key leaves a
/// hole that iteration skips, and holes are squeezed out once they outnumber the keys, so
/// the storage stays within about twice the live count.
struct ArrivalQueue<Key: Hashable & Sendable>: Sendable {
    /// Holes below this many are never worth a compaction pass.
    static var compactionFloor: Int { 64 }

    private var slots: [Key?] = []
    private var positions: [Key: Int] = [:]

    init() {}

    var count: Int { positions.count }

    func contains(_ key: Key) -> Bool { positions[key] != nil }

    /// The live keys, oldest first.
    var keys: [Key] { slots.compactMap { $0 } }

    /// Adds a key that is not queued as the newest.
    mutating func append(_ key: Key) {
        precondition(positions[key] == nil, "a key is queued at most once")
        positions[key] = slots.count
        slots.append(key)
    }

    /// Removes `key`; false if it was not queued.
    @discardableResult
    mutating func remove(_ key: Key) -> Bool {
        guard let position = positions.removeValue(forKey: key) else { return false }
        slots[position] = nil
        let holes = slots.count - positions.count
        if holes > max(positions.count, Self.compactionFloor) { compact() }
        assert(slots.count - positions.count <= max(positions.count, Self.compactionFloor))
        return true
    }

    private mutating func compact() {
        let live = slots.compactMap { $0 }
        slots = live.map(Optional.some)
        for (position, key) in live.enumerated() { positions[key] = position }
        assert(slots.count == positions.count)
    }
}
