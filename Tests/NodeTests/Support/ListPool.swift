import Chain
import Crypto
import Foundation
import Ledger
import Node
import Primitives

/// The in-test pool: admits every transaction it has not seen, offers everything to the
/// block builder (which leaves invalid candidates out), and forgets what was offered once a
/// block commits. Enough to drive the node; the real pool is `Chain.Mempool`.
final class ListPool: TransactionPool, @unchecked Sendable {
    private let lock = NSLock()
    private var transactions: [Transaction] = []
    private var cancels: [CancelRequest] = []
    private var offered = (transactions: 0, cancels: 0)
    private let suite: any CryptoSuite

    init(config: ChainConfig) { suite = config.suite }

    func submit(_ items: [PoolItem], state: ChainState) -> [Result<Hash256, ChainError>] {
        locked { items.map(admit) }
    }

    func preverify(_ items: [PoolItem]) {}

    private func admit(_ item: PoolItem) -> Result<Hash256, ChainError> {
        switch item {
        case .transaction(let transaction):
            let id = transaction.id(suite: suite)
            guard !transactions.contains(where: { $0.id(suite: suite) == id }) else { return .failure(.duplicate(id: id)) }
            transactions.append(transaction)
            return .success(id)
        case .cancel(let cancel):
            guard !cancels.contains(cancel) else { return .failure(.duplicate(id: cancel.orderID)) }
            cancels.append(cancel)
            return .success(cancel.orderID)
        case .cancelAll, .deadManSwitch:
            return .failure(.duplicate(id: item.key(suite: suite).id))  // this list pool keeps none
        }
    }

    func candidates(maxTransactions: Int, maxCancels: Int) -> (transactions: [Transaction], cancels: [CancelRequest]) {
        locked {
            offered = (min(maxTransactions, transactions.count), min(maxCancels, cancels.count))
            return (Array(transactions.prefix(offered.transactions)), Array(cancels.prefix(offered.cancels)))
        }
    }

    func blockCommitted(_ outcome: BlockOutcome, state: ChainState) -> [DroppedItem] {
        locked {
            transactions.removeFirst(offered.transactions)
            cancels.removeFirst(offered.cancels)
            offered = (0, 0)
        }
        return []
    }

    func reload(state: ChainState) -> Int { 0 }

    var transactionCount: Int { locked { transactions.count } }
    var cancelCount: Int { locked { cancels.count } }
    var byteCount: Int { locked { transactions.reduce(0) { $0 + $1.canonicalBytes.count } } }

    private func locked<Value, Failure: Error>(_ body: () throws(Failure) -> Value) throws(Failure) -> Value {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
