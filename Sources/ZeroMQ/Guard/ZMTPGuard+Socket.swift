extension ZMQSocket {
    /// Where a guarded socket listens: a loopback port of the system's choosing, which only its
    /// guard is told about.
    public static let guardedInnerEndpoint = "tcp://127.0.0.1:*"

    /// Binds this socket privately (`guardedInnerEndpoint`) and starts a `ZMTPGuard` on
    /// `publicEndpoint` in front of it, so every client reaches the socket through the guard's
    /// whole-message limits. Clients connect to the returned guard's `endpoint`; the caller
    /// stops the guard when it closes the socket. A guard that cannot start fails the bind
    /// (`bind_failed`, with the guard's own code and reason in the message).
    ///
    /// An `inproc://` endpoint is bound directly and gets no guard (nil): only the process
    /// itself can reach it.
    public func bindGuarded(_ publicEndpoint: String, limits: ZMTPGuardLimits, name: String) throws(ZMQError) -> ZMTPGuard? {
        if publicEndpoint.hasPrefix("inproc://") {
            try bind(publicEndpoint)
            return nil
        }
        try bind(Self.guardedInnerEndpoint)
        let inner = try lastEndpoint
        do {
            return try ZMTPGuard.start(publicEndpoint: publicEndpoint, innerEndpoint: inner, limits: limits, name: name)
        } catch {
            throw ZMQError(.bindFailed, "\(name) guard on \(publicEndpoint): \(error.name) (\(error.code)): \(error.message)")
        }
    }
}

extension ZMQSocket {
    /// Where clients reach this socket after `bindGuarded`: its guard's endpoint, or its own
    /// (resolved) endpoint when it has no guard.
    public func publicEndpoint(behind publicGuard: ZMTPGuard?) throws(ZMQError) -> String {
        if let publicGuard { return publicGuard.endpoint }
        return try lastEndpoint
    }
}
