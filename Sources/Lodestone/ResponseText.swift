import Foundation
import LodestoneWire

/// A gateway response as lines for a person.
enum ResponseText {
    static func lines(_ response: Lodestone_V1_Response) -> [String] {
        switch response.result {
        case let .ack(ack)?:
            var lines = ["ack \(response.clientOrderID)"]
            if !ack.transactionID.isEmpty { lines.append("transaction \(hex(ack.transactionID))") }
            lines += ack.orderIds.map { "order \(hex($0))" }
            return lines
        case let .reject(reject)?:
            return ["rejected \(reject.code) \(reject.name): \(reject.text)"]
        case let .batch(batch)?:
            return batch.responses.flatMap { lines($0).map { "  " + $0 } }
        case let .status(status)?:
            return ["status \(status.state) height \(status.height)"]
        case .challenge?, .coins?, .balances?, .burns?, nil:
            return ["unexpected answer"]
        }
    }

    /// Whether the answer (or every answer of a batch) is a refusal.
    static func isRefusal(_ response: Lodestone_V1_Response) -> Bool {
        switch response.result {
        case .reject?: true
        case let .batch(batch)?: batch.responses.allSatisfy(isRefusal)
        default: false
        }
    }

    private static func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }
}
