/// A fixed-capacity ring of bytes between two sockets of a guarded connection. It never
/// grows: when it is full the guard stops reading the side that fills it (backpressure).
///
/// `POSIXSocket.receive` fills `freeRegion` and `POSIXSocket.send` drains `filledRegion`, each
/// one contiguous run, so a wrap-around costs one more system call, never a copy.
struct RelayBuffer {
    /// The bytes; only `POSIXSocket` touches them through a pointer.
    var storage: [UInt8]
    /// Index of the oldest byte not yet sent.
    private(set) var start = 0
    /// Bytes held.
    private(set) var count = 0

    /// An empty buffer of `capacity` bytes.
    init(capacity: Int) {
        precondition(capacity > 0, "a relay buffer needs room")
        storage = [UInt8](repeating: 0, count: capacity)
    }

    var capacity: Int { storage.count }
    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count == capacity }

    /// The contiguous run the next receive may fill (empty when the buffer is full).
    var freeRegion: Range<Int> {
        let end = (start + count) % capacity
        if isFull { return end..<end }
        return end >= start ? end..<capacity : end..<start
    }

    /// The contiguous run of the oldest bytes, which the next send writes out.
    var filledRegion: Range<Int> {
        start..<(start + Swift.min(count, capacity - start))
    }

    /// Records `byteCount` bytes received into `freeRegion`.
    mutating func didFill(_ byteCount: Int) {
        assert(byteCount <= freeRegion.count)
        count += byteCount
    }

    /// Records `byteCount` bytes of `filledRegion` sent; an emptied buffer restarts at 0 so the
    /// next receive gets the whole capacity in one run.
    mutating func didDrain(_ byteCount: Int) {
        assert(byteCount <= filledRegion.count)
        count -= byteCount
        start = count == 0 ? 0 : (start + byteCount) % capacity
    }
}
