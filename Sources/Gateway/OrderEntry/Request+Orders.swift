import Chain
import Foundation
import Ledger
import LodestoneWire

extension Lodestone_V1_Request {
    /// Places the orders of a signed transaction.
    public static func place(_ transaction: Transaction, clientOrderID: String) -> Self {
        var place = Lodestone_V1_Place()
        place.transaction = Data(transaction.canonicalBytes)
        return Self(clientOrderID: clientOrderID, .place(place))
    }

    /// Replaces resting orders: one transaction whose cancel clauses spend them and whose
    /// outputs place the replacements.
    public static func replace(_ transaction: Transaction, clientOrderID: String) -> Self {
        var replace = Lodestone_V1_Replace()
        replace.transaction = Data(transaction.canonicalBytes)
        return Self(clientOrderID: clientOrderID, .replace(replace))
    }

    /// Cancels one order.
    public static func cancel(_ cancel: CancelRequest, clientOrderID: String) -> Self {
        Self(clientOrderID: clientOrderID, .cancel(.init(cancel)))
    }

    /// Cancels several orders, each judged alone.
    public static func massCancel(_ cancels: [CancelRequest], clientOrderID: String) -> Self {
        var mass = Lodestone_V1_MassCancel()
        mass.cancels = cancels.map(Lodestone_V1_Cancel.init)
        return Self(clientOrderID: clientOrderID, .massCancel(mass))
    }
}

extension Lodestone_V1_Cancel {
    /// The wire form of a signed cancel request.
    public init(_ cancel: CancelRequest) {
        self.init()
        orderID = Data(cancel.orderID.bytes)
        signature = Data(cancel.signature.bytes)
    }
}
