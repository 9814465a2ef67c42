import Consensus
import Synchronization

/// Consensus messages the network thread received, waiting for the block thread: one
/// bounded FIFO per peer, so a flooding peer fills its own lane only, and `take` serves the
/// lanes in turn. A full lane refuses (the network counts the drop); consensus retransmits
/// what matters.
final class ConsensusInbox: Sendable {
    /// Messages waiting per peer at most.
    let perPeerMax: Int
    private let state: Mutex<State>
    /// Tells the block thread there is work (it may be waiting on the intake queue).
    private let wake: @Sendable () -> Void

    private struct State {
        var lanes: [[ConsensusMessage]]
        /// The lane the next take starts at, so no lane is always served first.
        var next = 0
    }

    init(lanes: Int, perPeerMax: Int, wake: @escaping @Sendable () -> Void) {
        precondition(perPeerMax > 0, "a lane holds at least one message")
        self.perPeerMax = perPeerMax
        state = Mutex(State(lanes: Array(repeating: [], count: lanes)))
        self.wake = wake
    }

    /// Queues `message` from the peer of `lane` unless its lane is full; never waits.
    func offer(_ message: ConsensusMessage, lane: Int) -> Bool {
        let accepted = state.withLock { state in
            guard state.lanes[lane].count < perPeerMax else { return false }
            state.lanes[lane].append(message)
            return true
        }
        if accepted { wake() }
        return accepted
    }

    /// Up to `maxPerLane` of each lane's oldest messages, lanes in turn from a rotating start.
    func take(maxPerLane: Int) -> [(lane: Int, message: ConsensusMessage)] {
        state.withLock { state in
            var taken: [(lane: Int, message: ConsensusMessage)] = []
            let count = state.lanes.count
            for offset in 0..<count {
                let lane = (state.next + offset) % count
                let slice = state.lanes[lane].prefix(maxPerLane)
                guard !slice.isEmpty else { continue }
                taken += slice.map { (lane, $0) }
                state.lanes[lane].removeFirst(slice.count)
            }
            if count > 0 { state.next = (state.next + 1) % count }
            return taken
        }
    }

    /// Messages waiting in all lanes.
    var count: Int { state.withLock { $0.lanes.reduce(0) { $0 + $1.count } } }
}
