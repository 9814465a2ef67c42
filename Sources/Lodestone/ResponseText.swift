import Foundation
import LodestoneWire

/// A gateway response as lines for a person.
enum ResponseText {
    static func lines(_ response: Lodestone_V1_Response) -> [String] {
        switch response.result {
        case .ack(let ack)?:
            var lines = ["ack \(response.clientOrderID)"]
            if !ack.transactionID.isEmpty { lines.append("transaction \(hex(ack.transactionID))") }
            lines += ack.orderIds.map { "order \(hex($0))" }
            return lines
        case .reject(let reject)?:
            return ["rejected \(reject.code) \(reject.name): \(reject.text)"]
        case .batch(let batch)?:
            return batch.responses.flatMap { lines($0).map { "  " + $0 } }
        case .status(let status)?:
            return ["status \(status.state) height \(status.height)"]
        case .challenge?, .coins?, .balances?, .burns?, nil:
            return ["unexpected answer"]
        }
    }

    /// Whether the answer (or every answer of a batch) is a refusal.
    static func isRefusal(_ response: Lodestone_V1_Response) -> Bool {
        switch response.result {
        case .reject?: true
        case .batch(let batch)?: batch.responses.allSatisfy(isRefusal)
        default: false
        }
    }

    private static func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }
}
