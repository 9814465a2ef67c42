import Chain
import Gateway

/// Work waiting for the block thread, with the route its answer takes: a raw intake request
/// (answered on the intake's reply pipe to `identity`) or a gateway job (answered through
/// the job's own `finish`). Both pass the signature stage and reach the pool by the same
/// path, and both are answered only after the pool journaled what it admitted. Status
/// queries never become items: the intake thread answers them itself.
enum IntakeItem: Sendable {
    case raw(identity: [UInt8], item: PoolItem)
    case gateway(PoolJob)

    /// Where an item came from: its lane in the signature stage's and the block thread's
    /// queues, so each source keeps its own order and its own share of every round.
    enum Source: Int, CaseIterable {
        case gateway = 0
        case raw = 1
    }

    var source: Source {
        switch self {
        case .raw: .raw
        case .gateway: .gateway
        }
    }

    /// The item's lane in an intake queue.
    var lane: Int { source.rawValue }
}

extension IntakeItem {
    /// The pool work the item carries, in order.
    var poolItems: [PoolItem] {
        switch self {
        case let .raw(_, item): [item]
        case let .gateway(job): job.items
        }
    }
}

extension BoundedQueue where Element == IntakeItem {
    /// A queue with one lane per source.
    convenience init(intakeCapacity capacity: Int) {
        self.init(capacity: capacity, lanes: IntakeItem.Source.allCases.count)
    }

    /// Up to `max(source)` of each source's oldest items, waiting up to `waitMs` for any.
    func take(max: (IntakeItem.Source) -> Int, waitMs: Int) -> [IntakeItem] {
        take(maxPerLane: IntakeItem.Source.allCases.map(max), waitMs: waitMs)
    }
}
