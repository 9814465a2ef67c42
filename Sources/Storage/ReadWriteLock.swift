#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread reader-writer lock: stores let reads and writes run concurrently (LevelDB is
/// thread-safe) but make `close` wait for them and exclude them.
///
/// Heap-allocated because a pthread lock must not move in memory.
final class ReadWriteLock: @unchecked Sendable {
    private let rwlock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        rwlock = .allocate(capacity: 1)
        rwlock.initialize(to: pthread_rwlock_t())
        let status = pthread_rwlock_init(rwlock, nil)
        precondition(status == 0, "pthread_rwlock_init failed: \(status)")
    }

    deinit {
        pthread_rwlock_destroy(rwlock)
        rwlock.deinitialize(count: 1)
        rwlock.deallocate()
    }

    /// Runs `body` holding the lock shared with other readers.
    func withReadLock<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        let status = pthread_rwlock_rdlock(rwlock)
        precondition(status == 0, "pthread_rwlock_rdlock failed: \(status)")
        defer { pthread_rwlock_unlock(rwlock) }
        return try body()
    }

    /// Runs `body` holding the lock exclusively.
    func withWriteLock<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        let status = pthread_rwlock_wrlock(rwlock)
        precondition(status == 0, "pthread_rwlock_wrlock failed: \(status)")
        defer { pthread_rwlock_unlock(rwlock) }
        return try body()
    }
}
