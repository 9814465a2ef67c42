import Chain
import Foundation
import LodestoneWire

extension Lodestone_V1_Request {
    /// Cancels every order of the request's key in scope up to its height bound.
    public static func cancelAll(_ request: CancelAllRequest, clientOrderID: String) -> Self {
        var body = Lodestone_V1_CancelAll()
        body.sellerKey = Data(request.sellerKey.bytes)
        if let market = request.market { body.market = market }
        body.createdUpToHeight = request.createdUpToHeight
        body.signature = Data(request.signature.bytes)
        return Self(clientOrderID: clientOrderID, .cancelAll(body))
    }

    /// Arms or refreshes a dead-man switch.
    public static func deadManSwitch(_ deadMan: DeadManSwitch, clientOrderID: String) -> Self {
        var body = Lodestone_V1_DeadManSwitch()
        body.sellerKey = Data(deadMan.sellerKey.bytes)
        if let market = deadMan.market { body.market = market }
        body.triggerHeight = deadMan.triggerHeight
        body.signature = Data(deadMan.signature.bytes)
        return Self(clientOrderID: clientOrderID, .deadManSwitch(body))
    }
}
