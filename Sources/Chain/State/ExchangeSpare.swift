import Synchronization

/// A second copy of a chain state's books, equal to them, that the next block executes on in
/// place. The committed books stay untouched while a block executes (the pool admits against
/// them, and a block that is not committed must leave no trace); the spare is the copy that
/// changes. On commit the executed books become the committed ones, and the block's recorded
/// changes are replayed on the old committed books, which become the next spare
/// (`ChainState.commit`). So no block copies a whole book.
///
/// Taking the spare moves it out, so the executor holds the only reference and writes in
/// place. Without a spare (taken by an execution that was not committed, or a replay that did
/// not reproduce the block), the next block starts from the committed books and copies what
/// it touches, as every block once did: slower, never wrong.
///
/// Copies of a `ChainState` share one spare; it is valid for an exchange of its generation
/// only (`Exchange.generation`), so a copy that moved on never takes a stale one.
final class ExchangeSpare: Sendable {
    private let slot: Mutex<Exchange?>

    init(_ exchange: consuming Exchange? = nil) {
        slot = Mutex(exchange)
    }

    /// The spare, if it is a copy of an exchange of `generation`; nil otherwise. It is gone
    /// from here afterwards.
    func take(generation: UInt64) -> Exchange? {
        slot.withLock { slot in
            guard slot?.generation == generation else { return nil }
            var taken: Exchange? = nil
            swap(&taken, &slot)
            return taken
        }
    }
}
