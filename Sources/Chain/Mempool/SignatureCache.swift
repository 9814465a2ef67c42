import Synchronization

/// Signature checks known to pass, shared between the threads that verify ahead of
/// admission (`Mempool.preverify`) and the pool's admission, which then answers them
/// without the curve arithmetic (Bitcoin Core keeps such a cache for the same reason).
/// Only passing checks are kept: a failure is never remembered, so nobody can fill the
/// cache with garbage for free. Bounded: past `capacity`, the oldest are forgotten first.
final class SignatureCache: Sendable {
    /// Most checks remembered (each ~200 bytes with its signature, message and key).
    let capacity: Int
    private let state: Mutex<State>

    private struct State: Sendable {
        var members = Set<CryptoCheck>()
        /// Insertion order, for eviction; `head` is the oldest live slot.
        var order: [CryptoCheck?] = []
        var head = 0
    }

    init(capacity: Int) {
        precondition(capacity > 0, "a cache holds at least one check")
        self.capacity = capacity
        state = Mutex(State())
    }

    var count: Int { state.withLock { $0.members.count } }

    func contains(_ check: CryptoCheck) -> Bool {
        state.withLock { $0.members.contains(check) }
    }

    /// Remembers checks that passed, forgetting the oldest beyond `capacity`.
    func insert(_ checks: [CryptoCheck]) {
        guard !checks.isEmpty else { return }
        state.withLock { state in
            for check in checks where state.members.insert(check).inserted {
                state.order.append(check)
            }
            while state.members.count > capacity, state.head < state.order.count {
                if let oldest = state.order[state.head] { state.members.remove(oldest) }
                state.order[state.head] = nil
                state.head += 1
            }
            // Drop the consumed prefix in bulk so the order list stays within twice the capacity.
            if state.head >= capacity {
                state.order.removeFirst(state.head)
                state.head = 0
            }
            assert(state.members.count <= capacity, "the cache never outgrows its capacity")
        }
    }
}
