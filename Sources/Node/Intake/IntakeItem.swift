import Gateway

/// Work waiting for the block thread, with the route its answer takes: a raw intake request
/// (answered on the intake's reply pipe to `identity`) or a gateway job (answered through
/// the job's own `finish`). Both reach the pool by the same path, and both are answered
/// only after the pool journaled what it admitted.
enum IntakeItem: Sendable {
    case raw(identity: [UInt8], request: IntakeRequest)
    case gateway(PoolJob)
}
