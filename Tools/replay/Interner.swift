/// Maps external string IDs to dense integers once, at the edge, so the books index tables
/// instead of hashing strings in the hot loop. Dense values follow first appearance, so the
/// mapping is deterministic.
struct Interner {
    private var indices: [String: UInt32] = [:]
    /// The names, indexed by their dense value.
    private(set) var names: [String] = []

    var count: Int { names.count }

    /// The dense value of `name`, assigned on first sight. `nil` once `limit` names exist.
    mutating func intern(_ name: String, limit: UInt32) -> UInt32? {
        if let index = indices[name] { return index }
        guard names.count < Int(limit) else { return nil }
        let index = UInt32(names.count)
        indices[name] = index
        names.append(name)
        return index
    }
}
