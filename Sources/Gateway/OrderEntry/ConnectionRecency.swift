/// The order in which clients were last seen, so the least recently seen one that may be
/// forgotten is found in amortized O(1) instead of a scan of every connection.
///
/// Each sighting appends `(identity, serial)` and the connection keeps the serial; an entry
/// whose serial no longer matches (seen again since, or forgotten) is stale and skipped.
/// Stale entries are dropped in bulk once they outnumber the live ones, so the queue stays
/// within about twice the connections remembered.
struct ConnectionRecency: Sendable {
    /// Entries kept beyond twice the live ones before a compaction (amortizes small maps).
    static let slack = 64

    private var entries: [(identity: [UInt8], serial: UInt64)] = []
    private var head = 0
    private var nextSerial: UInt64 = 0

    /// Entries stored, stale and consumed ones included (for tests of the bound).
    var storedCount: Int { entries.count }

    /// Records that `identity` was seen now; the caller stores the returned serial on it.
    mutating func touch(_ identity: [UInt8]) -> UInt64 {
        let serial = nextSerial
        nextSerial += 1
        entries.append((identity, serial))
        return serial
    }

    /// The oldest identity whose entry `isEvictable` accepts (current, and allowed to go).
    /// Entries it passes over are dropped: they are stale, or belong to a client that may not be
    /// forgotten (subscribed), which gets a new entry the next time it is seen.
    mutating func popOldest(where isEvictable: ([UInt8], UInt64) -> Bool) -> [UInt8]? {
        while head < entries.count {
            let entry = entries[head]
            head += 1
            if isEvictable(entry.identity, entry.serial) { return entry.identity }
        }
        return nil
    }

    /// Drops stale and consumed entries once the array holds more than twice `live` (plus
    /// `slack`); each compaction is paid for by the sightings since the last one.
    mutating func compact(live: Int, isCurrent: ([UInt8], UInt64) -> Bool) {
        guard entries.count > 2 * live + Self.slack else { return }
        entries = entries[head...].filter { isCurrent($0.identity, $0.serial) }
        head = 0
    }
}
