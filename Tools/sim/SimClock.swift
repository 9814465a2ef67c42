import Consensus
import Crypto

/// The virtual clock every engine of one world reads: the world sets it to each event's
/// time before handling the event, so no engine ever sees wall-clock time.
final class SimClock: ConsensusClock {
    var timeMs: UInt64 = 0

    func nowMs() -> UInt64 { timeMs }
}

/// Messages the engines sent while the world was handling one event; the world routes them
/// through the Byzantine filters and the network afterwards, so an engine never re-enters
/// the world from inside `receive` or `tick`.
final class Outbox {
    struct Item {
        let from: Int
        let to: PublicKey
        let message: ConsensusMessage
    }

    /// Most messages one event may make: far more than any round sends (n ≤ 128 peers, a
    /// few messages each); past it the world stops the seed as an engine storm.
    static let itemsMax = 65_536
    var items: [Item] = []
    var overflowed = false
}

/// One node's transport: it names its sender and leaves the message in the outbox.
struct SimTransport: ConsensusTransport {
    let node: Int
    let outbox: Outbox

    func send(_ message: ConsensusMessage, to peer: PublicKey) {
        guard outbox.items.count < Outbox.itemsMax else {
            outbox.overflowed = true
            return
        }
        outbox.items.append(Outbox.Item(from: node, to: peer, message: message))
    }
}
