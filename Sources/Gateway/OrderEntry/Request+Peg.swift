import Foundation
import Ledger
import LodestoneWire
import Primitives

extension Lodestone_V1_Request {
    /// One page of burns of blocks `fromHeight` and later, after the burn `after` at
    /// `fromHeight` when given (the last burn of the previous page); `limit` 1 ... 500.
    public static func burns(fromHeight: UInt64, after: Hash256? = nil, limit: UInt32, clientOrderID: String) -> Self {
        var body = Lodestone_V1_BurnsQuery()
        body.fromHeight = fromHeight
        if let after { body.after = after.data }
        body.limit = limit
        return Self(clientOrderID: clientOrderID, .burns(body))
    }

    /// Main-chain headers (1 ... 512, parents first) for the sidechain's header tree.
    public static func submitHeaders(_ headers: [MainChainHeader], clientOrderID: String) -> Self {
        var body = Lodestone_V1_SubmitMainChainHeaders()
        body.headers = headers.map { Data($0.canonicalBytes) }
        return Self(clientOrderID: clientOrderID, .submitHeaders(body))
    }
}
