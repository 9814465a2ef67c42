/// A decoded request waiting for the block thread, with the identity its reply goes to.
struct IntakeItem: Sendable {
    let identity: [UInt8]
    let request: IntakeRequest
}
