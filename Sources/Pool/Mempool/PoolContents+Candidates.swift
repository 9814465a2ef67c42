import Chain
import Ledger
import Primitives

extension PoolContents {
    /// The items the next block should try, oldest first, within the given counts and
    /// transaction bytes. A transaction comes only with every pooled parent, a cancel of a
    /// pooled order only with the order's transaction, so the block refuses none of them.
    func candidates(
        maxTransactions: Int, maxCancels: Int, maxBytes: Int
    ) -> (transactions: [CheckedTransaction], cancels: [CancelRequest]) {
        var transactions: [CheckedTransaction] = []
        var cancels: [CancelRequest] = []
        var chosen = Set<Hash256>()
        var bytes = 0
        for key in arrival.keys {
            if transactions.count >= maxTransactions && cancels.count >= maxCancels { break }
            guard let entry = entries[key] else { continue }
            switch entry.item {
            case .transaction(let checked):
                guard transactions.count < maxTransactions, bytes + entry.byteCount <= maxBytes,
                    checked.transaction.inputs.allSatisfy({ isChosenOrOnChain($0.spentOutputID, chosen) })
                else { continue }
                // Pooled means its signatures passed admission (or the re-check after a block).
                transactions.append(checked.signaturesPassed())
                chosen.insert(key.id)
                bytes += entry.byteCount
            case .cancel(let cancel):
                guard cancels.count < maxCancels, isChosenOrOnChain(cancel.orderID, chosen) else { continue }
                cancels.append(cancel)
            case .cancelAll, .deadManSwitch:
                continue  // massCandidates
            }
        }
        return (transactions, cancels)
    }

    /// Whether `outputID` exists before the block (not pooled) or is made by a chosen transaction.
    private func isChosenOrOnChain(_ outputID: Hash256, _ chosen: Set<Hash256>) -> Bool {
        created[outputID].map { chosen.contains($0.creator) } ?? true
    }
}
