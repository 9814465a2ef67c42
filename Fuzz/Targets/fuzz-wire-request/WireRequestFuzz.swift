import FuzzSupport
import LodestoneWire

// The gateway's order-entry requests (a client's first untrusted bytes): checked decode,
// then re-encode and decode again.

/// The `fuzz-wire-request` target (picked by `FuzzDispatch`).
func fuzzWireRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    WireProperties.check(Lodestone_V1_Request.self, FuzzInput.bytes(data, size))
    return 0
}
