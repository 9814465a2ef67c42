import Matching
import MatchingWorkloads

/// `--generate N --seed S`: the exchange-core-like mix (`ExchangeCoreMix`) written as the
/// replay's JSON lines, with IDs `o<n>` and owners `u<n>`.
struct StreamGenerator {
    static let maxCount = ExchangeCoreMix.maxCount
    static let targetResting = ExchangeCoreMix.targetResting

    private var mix: ExchangeCoreMix

    init(count: Int, seed: UInt64) throws(MatchingError) {
        mix = try ExchangeCoreMix(count: count, seed: seed)
    }

    /// Generates the stream, handing JSON lines to `emit` in chunks.
    mutating func generate(emit: ([UInt8]) -> Void) {
        var output: [UInt8] = []
        while let operation = mix.next() {
            output += Self.line(for: operation)
            if output.count >= Replay.chunkBytes {
                emit(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        emit(output)
    }

    static func line(for operation: BookOperation) -> [UInt8] {
        switch operation {
        case let .submit(order):
            let side = order.side == .buy ? "buy" : "sell"
            let tif = order.timeInForce == .goodTillCancel ? "gtc" : "ioc"
            return Array((#"{"op":"new","id":"o\#(order.id.rawValue)","owner":"u\#(order.owner.rawValue)","side":"\#(side)","#
                + #""price":\#(order.price),"qty":\#(order.size),"tif":"\#(tif)"}"# + "\n").utf8)
        case let .cancel(id):
            return Array((#"{"op":"cancel","id":"o\#(id.rawValue)"}"# + "\n").utf8)
        case let .replace(request):
            return Array((#"{"op":"replace","id":"o\#(request.id.rawValue)","new_id":"o\#(request.newID.rawValue)","#
                + #""price":\#(request.price),"qty":\#(request.size)}"# + "\n").utf8)
        case .massCancel, .advance:
            preconditionFailure("the mix makes only submits, cancels and replaces")
        }
    }
}
