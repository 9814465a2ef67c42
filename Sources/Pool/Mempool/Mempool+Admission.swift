import Chain
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
        observer.beforeSubmit(items)
        let context = AdmissionContext(config: config, limits: limits, state: state, memo: signatureMemo, suite: suite)
        let prepared = PreparedItem.all(items, suite: config.suite)
        let refuted = precheck(prepared, context: context)
        return guarded.withLock { guarded in
            guard state.height >= guarded.height else {
                return items.map { _ in .failure(.staleState(height: state.height, poolHeight: guarded.height)) }
            }
            var results: [Result<Hash256, ChainError>] = []
            results.reserveCapacity(items.count)
            var admitted: [PoolKey] = []
            for item in prepared {
                do throws(ChainError) {
                    let key = try guarded.contents.admit(item, refuted: refuted, context: context)
                    admitted.append(key)
                    results.append(.success(key.id))
                } catch {
                    results.append(.failure(error))
                }
            }
            let entries = admitted.compactMap { guarded.contents.entries[$0] }
            if let journal, !entries.isEmpty {
                do throws(ChainError) {
                    try journal.record(entries)
                } catch {
                    // Newest first, so no transaction is removed before its pooled dependants.
                    for key in admitted.reversed() { guarded.contents.remove(key) }
                    return results.map { $0.flatMap { _ in .failure(error) } }
                }
            }
            signatureMemo.pin(entries.map(\.checks))
            return results
        }
    }

    /// Verifies the crypto checks admitting `items` will make: passes go into the memo,
    /// failures come back for this batch. The lock is held only to look up the pooled outputs
    /// the items name.
    func precheck(_ items: [PreparedItem], context: AdmissionContext) -> Set<CryptoCheck> {
        let named = items.flatMap(\.item.referencedOutputIDs)
        let pooled = guarded.withLock { $0.contents.pooledOutputs(named) }
        return CryptoPrecheck(context: context, items: items, pooled: pooled).refutedChecks(for: items)
    }
}
