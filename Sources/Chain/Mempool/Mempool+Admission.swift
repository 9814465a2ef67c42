import Crypto
import Ledger
import Primitives

extension Mempool {
    /// Admits `items` in order: hashing and crypto checks first, in parallel and unlocked;
    /// then, under the lock, each item's admission and one synced journal write for all
    /// admitted (under the lock, so the journal's order is the pool's, and a batch shares
    /// one fsync). If that write fails they are all taken out again and refused with the
    /// storage error.
    func admit(_ items: [PoolItem], state: ChainState) -> [Result<Hash256, ChainError>] {
        let context = AdmissionContext(config: config, limits: limits, state: state, cache: signatureCache)
        let prepared = PreparedItem.all(items, suite: config.suite)
        let answers = precheck(prepared, context: context)
        return guarded.withLock { guarded in
            guard state.height >= guarded.height else {
                return items.map { _ in .failure(.staleState(height: state.height, poolHeight: guarded.height)) }
            }
            var results: [Result<Hash256, ChainError>] = []
            results.reserveCapacity(items.count)
            var admitted: [PoolKey] = []
            for (item, known) in zip(prepared, answers) {
                do throws(ChainError) {
                    let key = try guarded.contents.admit(item, known: known, context: context)
                    admitted.append(key)
                    results.append(.success(key.id))
                } catch {
                    results.append(.failure(error))
                }
            }
            guard let journal, !admitted.isEmpty else { return results }
            do throws(ChainError) {
                try journal.record(admitted.map { guarded.contents.entries[$0]! })
            } catch {
                // Newest first, so no transaction is removed before its pooled dependants.
                for key in admitted.reversed() { guarded.contents.remove(key) }
                return results.map { $0.flatMap { _ in .failure(error) } }
            }
            return results
        }
    }

    /// The crypto answers admitting `items` will need; the lock is held only to look up
    /// the pooled outputs the items name.
    func precheck(_ items: [PreparedItem], context: AdmissionContext) -> [[CryptoCheck: Bool]] {
        let named = items.flatMap(\.item.referencedOutputIDs)
        let pooled = guarded.withLock { $0.contents.pooledOutputs(named) }
        return CryptoPrecheck(context: context, items: items, pooled: pooled).answers(for: items)
    }
}
