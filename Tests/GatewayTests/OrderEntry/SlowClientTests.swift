import Chain
import Foundation
import Gateway
import Logging
import LodestoneWire
import Testing
import ZeroMQ

@Suite("Order-entry gateway: a client that never reads is cut off and never stalls the others")
struct SlowClientTests {
    static let waitMs = GatewayNode.waitMs

    @Test("responses to a client that stops reading are dropped and counted, it is cut off, and another client is served")
    func neverReads() throws {
        var settings = OrderEntrySettings()
        settings.endpoint = "tcp://127.0.0.1:*"
        settings.sendHighWaterMark = 1
        settings.cutoffDrops = 4
        // A backlog of about a dozen answers, then drops.
        settings.backlogBytesMax = 256 << 10
        settings.ratePerSecond = 1_000_000
        settings.burst = 1_000_000
        let gateway = try StandaloneGateway(settings: settings)
        let server = gateway.server
        // Each request is a batch of 256 status queries, answered with 256 refusals (~20 KB):
        // the client never reads, so its socket buffers fill and the gateway's sends fail.
        let context = try ZMQContext()
        let silent = try ZMQSocket(context, type: .dealer)
        defer { silent.close() }
        try silent.setOption(.receiveHighWaterMark, 1)
        try silent.setOption(.lingerMs, 0)
        try silent.connect(server.endpoint)
        var batch = Lodestone_V1_Batch()
        batch.requests = (0..<256).map { Lodestone_V1_Request(clientOrderID: "q\($0)", .status(Lodestone_V1_StatusQuery.order(1))) }
        let flood = try Lodestone_V1_Request(clientOrderID: "flood", .batch(batch)).wireBytes()
        let deadline = Date(timeIntervalSinceNow: Double(Self.waitMs) / 1_000)
        while server.counters.current.cutOffClients == 0, Date() < deadline {
            _ = try silent.send(ZMQMessage(flood), .dontWait)
            Thread.sleep(forTimeInterval: 0.001)
        }
        let counters = server.counters.current
        #expect(counters.cutOffClients >= 1 && counters.droppedMessages >= settings.cutoffDrops && counters.backloggedMessages >= 1)
        let other = try OrderEntryClient(endpoint: server.endpoint)
        let answer = try other.send(Lodestone_V1_Request(clientOrderID: "me", .status(.order(2))), timeoutMs: Self.waitMs)
        #expect(answer.status.state == .unknown)
    }
}

extension Lodestone_V1_StatusQuery {
    /// A query for the order whose ID is 32 bytes of `byte`.
    static func order(_ byte: UInt8) -> Self {
        var query = Self()
        query.orderID = Data(repeating: byte, count: 32)
        return query
    }
}
