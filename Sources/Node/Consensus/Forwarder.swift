import Chain
import Consensus
import Crypto
import Ledger
import Pool

/// A follower's forwarding of orders to the validators: what its pool admits goes to every
/// validator at once (`.forward`, at most `ConsensusMessage.forwardItemsMax` items of each
/// kind per message), and every `reforwardBlocks` blocks what its pool has held since the
/// last such check goes again (a validator that was down or dropped the message gets it);
/// items forwarded since are not sent twice, so under load the validators do not admit
/// most of the flow again. The validators' pools check everything again. Idle on a validator.
struct Forwarder {
    /// Blocks after which items still pooled are forwarded again.
    static var reforwardBlocks: UInt64 { 3 }

    let sender: ConsensusSender?
    private var lastReforwardHeight: UInt64 = 0
    /// The pool's candidates at the last check (at most `forwardItemsMax` of each kind):
    /// those still pooled at the next check have waited a whole interval and go again.
    private var pooledAtLastCheck: Set<PoolKey> = []

    init(plan: ConsensusPlan) {
        sender = plan.role == .follower ? plan.network?.sender : nil
    }

    /// Sends `items` to each of `validators`, in batches.
    func forward(_ items: [PoolItem], to validators: [PublicKey]) {
        guard let sender, !items.isEmpty else { return }
        var transactions: [ForwardedTransaction] = []
        var cancels: [CancelRequest] = []
        var cancelAlls: [CancelAllRequest] = []
        var switches: [DeadManSwitch] = []
        for item in items {
            switch item {
            case .transaction(let checked): transactions.append(ForwardedTransaction(checked))
            case .cancel(let cancel): cancels.append(cancel)
            case .cancelAll(let request): cancelAlls.append(request)
            case .deadManSwitch(let deadMan): switches.append(deadMan)
            }
        }
        let size = ConsensusMessage.forwardItemsMax
        for start in stride(from: 0, to: max(transactions.count, cancels.count), by: size) {
            let message = ConsensusMessage.forward(
                transactions: Array(transactions[min(start, transactions.count)..<min(start + size, transactions.count)]),
                cancels: Array(cancels[min(start, cancels.count)..<min(start + size, cancels.count)]))
            for validator in validators { sender.send(message, to: validator) }
        }
        // Rare and few: one message, within the block limits (the rest waits for a reforward).
        if !cancelAlls.isEmpty || !switches.isEmpty {
            let message = ConsensusMessage.forwardMass(
                cancelAlls: Array(cancelAlls.prefix(Block.maxCancelAlls)),
                deadManSwitches: Array(switches.prefix(Block.maxDeadManSwitches)))
            for validator in validators { sender.send(message, to: validator) }
        }
    }

    /// Sends main-chain headers a client gave this follower's gateway to each of
    /// `validators`, in messages of at most `Block.maxMainChainHeaders`. Not sent again: the
    /// client is answered once they are handed on (a lost message loses them; it may send again).
    func forwardHeaders(_ headers: [MainChainHeader], to validators: [PublicKey]) {
        guard let sender, !headers.isEmpty else { return }
        for start in stride(from: 0, to: headers.count, by: Block.maxMainChainHeaders) {
            let message = ConsensusMessage.forwardHeaders(Array(headers[start..<min(start + Block.maxMainChainHeaders, headers.count)]))
            for validator in validators { sender.send(message, to: validator) }
        }
    }

    /// After a commit at `height`: every `reforwardBlocks` blocks, forwards what `pool` still
    /// offers and already offered at the previous check (one batch at most).
    mutating func blockCommitted(pool: Mempool, height: UInt64, validators: [PublicKey], suite: any CryptoSuite) {
        guard sender != nil, height >= lastReforwardHeight + Self.reforwardBlocks else { return }
        lastReforwardHeight = height
        let (transactions, cancels) = pool.candidates(
            maxTransactions: ConsensusMessage.forwardItemsMax, maxCancels: ConsensusMessage.forwardItemsMax)
        let mass = pool.massCandidates(maxCancelAlls: Block.maxCancelAlls, maxDeadManSwitches: Block.maxDeadManSwitches)
        let pooled =
            transactions.map(PoolItem.transaction) + cancels.map(PoolItem.cancel)
            + mass.cancelAlls.map(PoolItem.cancelAll) + mass.deadManSwitches.map(PoolItem.deadManSwitch)
        forward(survivors(of: pooled, suite: suite), to: validators)
    }

    /// Of `pooled` (the pool's candidates at a check), those it already offered at the
    /// previous check, in order; remembers `pooled` for the next check.
    mutating func survivors(of pooled: [PoolItem], suite: any CryptoSuite) -> [PoolItem] {
        let keyed = pooled.map { (item: $0, key: $0.key(suite: suite)) }
        defer { pooledAtLastCheck = Set(keyed.map(\.key)) }
        return keyed.filter { pooledAtLastCheck.contains($0.key) }.map(\.item)
    }
}
