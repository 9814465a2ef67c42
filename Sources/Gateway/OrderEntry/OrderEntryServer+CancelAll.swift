import Chain
import Crypto
import Foundation
import LodestoneWire
import Primitives

extension OrderEntryServer {
    /// A cancel-all as pool work: acked (empty) once pooled, or refused with the pool's code.
    func planCancelAll(_ message: Lodestone_V1_CancelAll, clientOrderID: String) -> RequestPlan {
        let request: CancelAllRequest
        do {
            request = CancelAllRequest(
                sellerKey: try PublicKey(bytes: [UInt8](message.sellerKey)), market: message.hasMarket ? message.market : nil,
                createdUpToHeight: message.createdUpToHeight, signature: try Signature(bytes: [UInt8](message.signature)))
        } catch {
            return .now(.reject(clientOrderID, Rejection(GatewayError(.badField, "\(error)"))))
        }
        return .single(.cancelAll(request), clientOrderID: clientOrderID) { _ in Lodestone_V1_Ack() }
    }

    /// A dead-man switch as pool work: acked (empty) once pooled, or refused with the pool's code.
    func planDeadManSwitch(_ message: Lodestone_V1_DeadManSwitch, clientOrderID: String) -> RequestPlan {
        let deadMan: DeadManSwitch
        do {
            deadMan = DeadManSwitch(
                sellerKey: try PublicKey(bytes: [UInt8](message.sellerKey)), market: message.hasMarket ? message.market : nil,
                triggerHeight: message.triggerHeight, signature: try Signature(bytes: [UInt8](message.signature)))
        } catch {
            return .now(.reject(clientOrderID, Rejection(GatewayError(.badField, "\(error)"))))
        }
        return .single(.deadManSwitch(deadMan), clientOrderID: clientOrderID) { _ in Lodestone_V1_Ack() }
    }
}
