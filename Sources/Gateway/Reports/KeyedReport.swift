import Crypto
import LodestoneWire

/// An execution report for every connection subscribed to `key`; the gateway stamps each
/// copy with that connection's next sequence number.
struct KeyedReport: Sendable {
    let key: PublicKey
    let report: Lodestone_V1_ExecutionReport
}
