extension ZMQSocket {
    /// Sets a typed option, e.g. `try socket.setOption(.sendHighWaterMark, 100)`. A value
    /// out of the option's range, a read-only option, or an option the socket type does not
    /// have fails with `invalid_option` and leaves the socket unchanged.
    public func setOption<Value>(_ option: ZMQOption<Value>, _ value: Value) throws(ZMQError) {
        let pointer = try openPointer("set \(option.name)")
        guard option.access != .readOnly else { throw ZMQError(.invalidOption, "\(option.name) is read-only") }
        let encoded = try option.encode(value)
        if let failure = LibZMQ.setOption(pointer, option.name, encoded) {
            throw ZMQError(.invalidOption, "set \(option.name) on \(type) socket", failure: failure)
        }
    }

    /// Reads a typed option, e.g. `try socket.option(.lingerMs)`. Write-only options fail
    /// with `invalid_option`.
    public func option<Value>(_ option: ZMQOption<Value>) throws(ZMQError) -> Value {
        let pointer = try openPointer("get \(option.name)")
        guard option.access != .writeOnly else { throw ZMQError(.invalidOption, "\(option.name) is write-only") }
        switch LibZMQ.option(pointer, option.name, option.kind) {
        case .failure(let failure): throw ZMQError(.invalidOption, "get \(option.name) of \(type) socket", failure: failure)
        case .success(let value): return option.decode(value)
        }
    }
}
