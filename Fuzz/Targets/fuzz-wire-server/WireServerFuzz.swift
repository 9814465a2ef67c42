import FuzzSupport
import LodestoneWire

// What a client reads from the gateway: responses and execution reports in a ServerMessage.

/// The `fuzz-wire-server` target (picked by `FuzzDispatch`).
func fuzzWireServer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    WireProperties.check(Lodestone_V1_ServerMessage.self, FuzzInput.bytes(data, size))
    return 0
}
