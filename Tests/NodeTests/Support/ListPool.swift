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

    func submit(_ transactions: [Transaction], state: ChainState) -> [Result<Hash256, ChainError>] {
        locked {
            transactions.map { transaction in
                let id = transaction.id(suite: suite)
                guard !self.transactions.contains(where: { $0.id(suite: suite) == id }) else { return .failure(.duplicate(id: id)) }
                self.transactions.append(transaction)
                return .success(id)
            }
        }
    }

    func submit(_ cancel: CancelRequest, state: ChainState) throws(ChainError) {
        try locked { () throws(ChainError) in
            guard !cancels.contains(cancel) else { throw .duplicate(id: cancel.orderID) }
            cancels.append(cancel)
        }
    }

    func candidates(maxTransactions: Int, maxCancels: Int) -> (transactions: [Transaction], cancels: [CancelRequest]) {
        locked {
            offered = (min(maxTransactions, transactions.count), min(maxCancels, cancels.count))
            return (Array(transactions.prefix(offered.transactions)), Array(cancels.prefix(offered.cancels)))
        }
    }

    func blockCommitted(_ outcome: BlockOutcome, state: ChainState) {
        locked {
            transactions.removeFirst(offered.transactions)
            cancels.removeFirst(offered.cancels)
            offered = (0, 0)
        }
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
