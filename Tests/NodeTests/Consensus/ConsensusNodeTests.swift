import Chain
import Consensus
import Crypto
import Foundation
import Ledger
@testable import Node
import Primitives
import Storage
import Testing
import ZeroMQ

@Suite("Consensus nodes: validators over ZeroMQ CURVE finalize blocks; outsiders and floods are kept out; followers sync", .serialized)
struct ConsensusNodeTests {
    static let waitMs = 30_000

    /// Polls `node`'s status over its intake until `condition` holds, for at most `waitMs`.
    static func status(_ node: Node, waitMs: Int = waitMs, until condition: (NodeStatus) -> Bool) throws -> NodeStatus {
        let client = try IntakeClient(endpoint: node.intakeEndpoint)
        defer { client.close() }
        let deadline = Date(timeIntervalSinceNow: Double(waitMs) / 1_000)
        while true {
            let status = try client.status(timeoutMs: waitMs)
            if condition(status) || Date() > deadline { return status }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// The stored block at `height` and its certificate, from a stopped member's folder.
    static func stored(_ member: TestCluster.Member, height: UInt64) throws -> CommittedBlock? {
        let settings = try NodeSettings.load(directory: member.directory)
        let store = try LevelDBStore(path: settings.dataPath)
        defer { store.close() }
        let chain = ChainStore(store: store, suite: settings.chain.suite)
        guard let block = try chain.block(at: height), let certificate = try chain.certificate(at: height) else { return nil }
        return CommittedBlock(block: block, certificate: certificate)
    }

    static func stopAll(_ nodes: [Node]) {
        for node in nodes { node.stop() }
        for node in nodes { _ = node.waitUntilStopped(timeoutMs: waitMs) }
    }

    @Test("4 validators in one process over CURVE loopback finalize blocks: identical blocks and certificates with a quorum at every height")
    func fourValidatorsFinalize() throws {
        let cluster = try TestCluster(validators: 4)
        let nodes = try cluster.validators.map { try cluster.start($0) }
        defer { Self.stopAll(nodes) }
        for node in nodes {
            let status = try Self.status(node) { $0.height >= 5 }
            #expect(status.height >= 5, "\(status.consensus.map { "\($0)" } ?? "no consensus status")")
            let consensus = try #require(status.consensus)
            #expect(consensus.role == "validator" && consensus.voting)
            #expect(consensus.peers.count == 3 && consensus.peers.allSatisfy { ($0.traffic?.received ?? 0) > 0 })
            #expect(consensus.lastFinalityLatencyMs != nil)
        }
        #expect(nodes.allSatisfy { $0.failure == nil })
        Self.stopAll(nodes)
        let suite = TestDevnet.suite
        let set = try ValidatorSet(keys: cluster.validators.map(\.key.publicKey), suite: suite)
        for height in UInt64(1)...5 {
            let blocks = try cluster.validators.map { try #require(try Self.stored($0, height: height)) }
            #expect(Set(blocks.map(\.block)).count == 1, "one block at height \(height)")
            for committed in blocks {
                #expect(committed.certificate.target.blockID == committed.block.header.hash(suite: suite))
                #expect(try committed.certificate.verify(against: set, suite: suite, requireQuorum: true) >= set.quorumStake)
            }
        }
    }

    @Test("with one of 4 validators stopped the other 3 keep finalizing; restarted from its folder it catches up")
    func stoppedValidatorCatchesUp() throws {
        let cluster = try TestCluster(validators: 4)
        var nodes = try cluster.validators.map { try cluster.start($0) }
        defer { Self.stopAll(nodes) }
        _ = try Self.status(nodes[3]) { $0.height >= 2 }
        nodes[3].stop()
        #expect(nodes[3].waitUntilStopped(timeoutMs: Self.waitMs))
        let stoppedAt = try NodeStatus.stored(try NodeSettings.load(directory: cluster.validators[3].directory)).height
        let target = stoppedAt + 5
        for node in nodes[0..<3] { #expect(try Self.status(node) { $0.height >= target }.height >= target) }
        nodes[3] = try cluster.start(cluster.validators[3])
        let caughtUp = try Self.status(nodes[3]) { $0.height >= target + 2 }
        #expect(caughtUp.height >= target + 2)
        let counters = try #require(caughtUp.consensus?.counters)
        #expect((counters["sync_blocks_committed"] ?? 0) > 0, "it caught up by sync: \(counters)")
    }
}
