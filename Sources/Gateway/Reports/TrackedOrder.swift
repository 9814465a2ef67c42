import Crypto
import LodestoneWire
import Matching
import Primitives

/// What the reports remember of one order seen in a block: enough to fill in reports and
/// answer status queries after the order has left the book.
struct TrackedOrder: Sendable, Equatable {
    enum State: Sendable, Equatable { case resting, filled, cancelled, expired }

    let sellerKey: PublicKey
    let clientOrderID: String
    let market: Int
    let symbol: String
    let side: Side
    /// Limit price, quote minor units per whole base unit.
    let price: UInt64
    /// Size at entry, base minor units.
    let size: UInt64
    /// The output holding the order now: its order ID until a partial fill's settlement
    /// re-locks the remainder in a new output.
    var outputID: Hash256
    var filled: UInt64 = 0
    var state: State = .resting
    /// Block of the last change.
    var height: UInt64

    var remaining: UInt64 { size - filled }

    /// Counts a fill; a fill larger than what remains is a chain bug, clamped and asserted.
    mutating func fill(_ amount: UInt64, height: UInt64) {
        assert(amount <= remaining, "an order never fills more than its size")
        filled += min(amount, remaining)
        self.height = height
        if remaining == 0 { state = .filled }
    }

    var wireSide: Lodestone_V1_Side { side == .buy ? .buy : .sell }

    var wireState: Lodestone_V1_Status.State {
        switch state {
        case .resting: .resting
        case .filled: .filled
        case .cancelled: .cancelled
        case .expired: .expired
        }
    }
}
