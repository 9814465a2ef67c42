import Chain
import Crypto
import Synchronization

/// The pool's one memo of crypto verdicts: the key and signature checks known to pass. Every
/// verification the pool makes goes through it: `preverify` fills it on all cores ahead of
/// admission, the parallel precheck of an admitted batch adds what it verified, admission then
/// answers from it without the curve arithmetic (as Bitcoin Core's signature cache does), and
/// so does the re-check of pooled items after a block.
///
/// Only passing checks are kept: a failure is never remembered, so nobody can fill the memo
/// with garbage for free (each entry costs its sender a valid signature). Both checks are pure
/// functions of their inputs, so a remembered verdict is the verdict and the memo never
/// changes a result, only saves work.
///
/// Two parts, one type:
/// - pinned: the checks pooled entries passed with, held (counted per entry) while they stay
///   pooled, so re-checking them after a block verifies nothing. Bounded by the pool's own
///   limits: the checks of at most `MempoolLimits` items.
/// - recent: every other passing check, at most `unpinnedMax`, the oldest forgotten first.
///
/// Pins change only under the mempool's lock (`pin`, `unpin`, `repin`); lookups and
/// `remember` come from any thread.
final class SignatureMemo: Sendable {
    /// Passing checks remembered beyond the pinned ones: a few seconds of flow at full rate,
    /// far more than one admitted batch verifies between its precheck and its admission.
    static let unpinnedMax = 1 << 16

    private let pinned = Mutex<[CryptoCheck: Int]>([:])
    private let recent: BoundedSet<CryptoCheck>

    init(unpinnedMax: Int = SignatureMemo.unpinnedMax) {
        recent = BoundedSet(capacity: unpinnedMax)
    }

    /// Whether `check` is known to pass. The recent part first: admission asks about what its
    /// batch's precheck or preverify just remembered, so a hit costs one lock.
    func passes(_ check: CryptoCheck) -> Bool {
        recent.contains(check) || pinned.withLock { $0[check] != nil }
    }

    /// Remembers `checks`, each of which passed verification.
    func remember(_ checks: some Sequence<CryptoCheck>) {
        recent.insert(contentsOf: checks)
    }

    /// Pins each entry's passing checks while the entry is pooled.
    func pin(_ entries: [[CryptoCheck]]) {
        guard !entries.isEmpty else { return }
        pinned.withLock { pinned in
            for checks in entries { for check in checks { pinned[check, default: 0] += 1 } }
        }
    }

    /// Releases the pins of entries that left the pool; a released check stays only if
    /// another pooled entry pins it (or it is among the recent unpinned ones).
    func unpin(_ entries: [[CryptoCheck]]) {
        guard !entries.isEmpty else { return }
        pinned.withLock { pinned in
            for checks in entries {
                for check in checks {
                    guard let count = pinned[check] else {
                        assertionFailure("a check is unpinned only by an entry that pinned it")
                        continue
                    }
                    pinned[check] = count > 1 ? count - 1 : nil
                }
            }
        }
    }

    /// Moves the pins from `old`'s entries to `new`'s: an entry kept with the same checks keeps
    /// its pins, one that left releases them, one that came (or came back with other checks)
    /// pins its own. Pins first, so a check held on both sides never drops out in between.
    func repin(from old: PoolContents, to new: PoolContents) {
        let entering = new.orderedEntries.filter { old.entries[$0.key]?.checks != $0.checks }.map(\.checks)
        let leaving = old.orderedEntries.filter { new.entries[$0.key]?.checks != $0.checks }.map(\.checks)
        pin(entering)
        unpin(leaving)
    }

    /// Checks pinned now (each counted once).
    var pinnedCount: Int { pinned.withLock { $0.count } }

    /// Unpinned passing checks remembered now.
    var unpinnedCount: Int { recent.count }
}
