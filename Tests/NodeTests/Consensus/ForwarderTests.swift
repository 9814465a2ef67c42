import Chain
import Consensus
import Crypto
import Primitives
import Testing

@testable import Node

@Suite("Forwarder: a follower forwards again only what waited a whole re-forward interval")
struct ForwarderTests {
    static func cancel(_ byte: UInt8) throws -> PoolItem {
        .cancel(
            CancelRequest(
                orderID: try Hash256(bytes: [UInt8](repeating: byte, count: 32)),
                signature: try Signature(bytes: [UInt8](repeating: byte, count: 64))))
    }

    @Test("items pooled at two checks in a row go again; items new since the last check (just forwarded) and gone ones do not")
    func reforwardsSurvivorsOnly() throws {
        let suite = TestDevnet.suite
        var forwarder = Forwarder(plan: ConsensusPlan(configuration: ConsensusConfiguration(), key: nil, role: .follower, network: nil))
        let (a, b, c) = (try Self.cancel(1), try Self.cancel(2), try Self.cancel(3))
        #expect(forwarder.survivors(of: [a, b], suite: suite).isEmpty, "the first check knows nothing older")
        #expect(forwarder.survivors(of: [b, c], suite: suite) == [b], "b waited a whole interval; c is new; a left the pool")
        #expect(forwarder.survivors(of: [c, a], suite: suite) == [c], "a came back: new again")
    }
}
