import Chain
import Gateway

/// Work waiting for the block thread, with the route its answer takes: a raw intake request
/// (answered on the intake's reply pipe to `identity`) or a gateway job (answered through
/// the job's own `finish`). Both reach the pool by the same path, and both are answered
/// only after the pool journaled what it admitted.
enum IntakeItem: Sendable {
    case raw(identity: [UInt8], request: IntakeRequest)
    case gateway(PoolJob)
}

extension IntakeItem {
    /// The pool work the item carries, in order (none for a status query).
    var poolItems: [PoolItem] {
        switch self {
        case let .raw(_, .transaction(transaction)): [.transaction(transaction)]
        case let .raw(_, .cancel(cancel)): [.cancel(cancel)]
        case .raw(_, .status): []
        case let .gateway(job): job.items
        }
    }
}
