import Chain
import Consensus
import Primitives
@testable import Node
import Synchronization
import Testing
import ZeroMQ

@Suite("Consensus inbox: one bounded lane per peer, served in turn")
struct ConsensusInboxTests {
    static func status(_ height: UInt64) -> ConsensusMessage {
        .status(PeerStatus(chainID: .zero, height: height, round: 0))
    }

    @Test("a full lane refuses its own peer only (by messages and by bytes); the others still queue")
    func laneBounds() {
        let inbox = ConsensusInbox(lanes: 2, perPeerMax: 3, perPeerBytesMax: 100, wake: {})
        for height in 0..<3 { #expect(inbox.offer(Self.status(UInt64(height)), bytes: 10, lane: 0)) }
        #expect(!inbox.offer(Self.status(9), bytes: 10, lane: 0), "message bound")
        #expect(inbox.offer(Self.status(1), bytes: 90, lane: 1))
        #expect(!inbox.offer(Self.status(2), bytes: 20, lane: 1), "byte bound")
        #expect(inbox.count == 4)
    }

    @Test("take serves each lane up to its share, in arrival order, and frees room; every offer wakes the consumer")
    func takeInTurn() {
        let wakes = Atomic<Int>(0)
        let inbox = ConsensusInbox(lanes: 2, perPeerMax: 10, perPeerBytesMax: 1_000, wake: { wakes.add(1, ordering: .relaxed) })
        for height in 0..<5 { _ = inbox.offer(Self.status(UInt64(height)), bytes: 1, lane: 0) }
        _ = inbox.offer(Self.status(100), bytes: 1, lane: 1)
        let taken = inbox.take(maxPerLane: 2)
        #expect(taken.filter { $0.lane == 0 }.map(\.message) == [Self.status(0), Self.status(1)])
        #expect(taken.filter { $0.lane == 1 }.map(\.message) == [Self.status(100)])
        #expect(inbox.count == 3)
        #expect(wakes.load(ordering: .relaxed) == 6)
    }
}

@Suite("node.json consensus keys: role, endpoint, peers and the CURVE key file are checked, naming the key at fault")
struct ConsensusConfigurationTests {
    static func peer(key: String = String(repeating: "02", count: 33), curve: String? = nil) throws -> ConsensusPeerEntry {
        ConsensusPeerEntry(publicKey: key, curveKey: try curve ?? ZMQCurve.generateKeyPair().publicKey.z85, endpoint: "tcp://127.0.0.1:7431")
    }

    @Test("bad values are refused with the field: unknown role, follower without endpoint, bad curve key, a peer twice")
    func refused() throws {
        var configuration = NodeConfiguration()
        configuration.role = "observer"
        #expect(throws: NodeError.self) { try configuration.check(path: "node.json") }
        configuration.role = "follower"
        let follower = try #require(throws: NodeError.self) { try configuration.check(path: "node.json") }
        #expect(follower.message.contains("consensus_endpoint"))
        configuration.consensusEndpoint = "tcp://127.0.0.1:7431"
        configuration.consensusPeers = [try Self.peer(curve: "not-z85")]
        let curve = try #require(throws: NodeError.self) { try configuration.check(path: "node.json") }
        #expect(curve.message.contains("consensus_peers[0].curve_key"))
        let entry = try Self.peer()
        configuration.consensusPeers = [entry, entry]
        let twice = try #require(throws: NodeError.self) { try configuration.check(path: "node.json") }
        #expect(twice.message.contains("consensus_peers[1].public_key"))
        configuration.consensusPeers = [entry]
        try configuration.check(path: "node.json")
    }
}
