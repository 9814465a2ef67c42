import FuzzSupport
import LodestoneWire

// The snapshot service's request (read by the node) and response parts (read by clients):
// the first byte picks which, even for the request.

/// The `fuzz-wire-snapshot` target (picked by `FuzzDispatch`).
func fuzzWireSnapshot(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let (selector, rest) = FuzzInput.selector(FuzzInput.bytes(data, size)) else { return 0 }
    if selector % 2 == 0 {
        WireProperties.check(Lodestone_V1_SnapshotRequest.self, rest)
    } else {
        WireProperties.check(Lodestone_V1_SnapshotResponse.self, rest)
    }
    return 0
}
