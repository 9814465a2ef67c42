import Testing
import ZeroMQ

@Suite("ZMQSocket subscriptions")
struct ZMQSocketSubscribeTests {
    /// A subscription reaches the publisher some time after it is made, and a PUB drops what
    /// matches no subscriber yet (the slow joiner). Publishes `probe` until one arrives, a
    /// bounded number of times, then switches the subscriber back to the normal timeout.
    private func awaitSubscription(_ pub: ZMQSocket, _ sub: ZMQSocket, probe: String) throws -> Bool {
        try sub.setOption(.receiveTimeoutMs, 20)
        defer { try? sub.setOption(.receiveTimeoutMs, Wait.arrivalMs) }
        for _ in 0..<150 {
            try pub.send(bytes(probe))
            if let frame = try sub.receiveFrame(maxBytes: 64) {
                #expect(frame == bytes(probe))
                return true
            }
        }
        return false
    }

    /// Frames received until `last` arrives, at most `bound` of them.
    private func receive(_ sub: ZMQSocket, until last: String, bound: Int = 300) throws -> [String] {
        var received: [String] = []
        for _ in 0..<bound {
            guard let frame = try sub.receiveFrame(maxBytes: 64) else { break }
            received.append(String(decoding: frame, as: UTF8.self))
            if received.last == last { break }
        }
        return received
    }

    @Test("a SUB gets only messages whose first frame starts with its topic")
    func topicFiltering() throws {
        let context = try ZMQContext()
        let (pub, sub) = try connectedPair(context, server: .pub, client: .sub, endpoint: "inproc://prices")
        try sub.subscribe("prices.")
        #expect(try awaitSubscription(pub, sub, probe: "prices.probe"))
        for topic in ["news.1", "prices.btc", "pricesX", "news.2", "prices.eth"] {
            try pub.send(bytes(topic))
        }
        let received = try receive(sub, until: "prices.eth")
        #expect(received.filter { $0 != "prices.probe" } == ["prices.btc", "prices.eth"])
    }

    @Test("after unsubscribe a topic stops arriving while other topics still do")
    func unsubscribeStopsTopic() throws {
        let context = try ZMQContext()
        let (pub, sub) = try connectedPair(context, server: .pub, client: .sub, endpoint: "inproc://unsubscribe")
        try sub.subscribe("a.")
        try sub.subscribe("b.")
        #expect(try awaitSubscription(pub, sub, probe: "b.probe"))
        try sub.unsubscribe("a.")
        // The unsubscription travels like the subscription did: publish rounds until one
        // round's "b." marker arrives without its "a." message.
        var stopped = false
        for round in 0..<150 where !stopped {
            try pub.send(bytes("a.\(round)"))
            try pub.send(bytes("b.\(round)"))
            let received = try receive(sub, until: "b.\(round)")
            #expect(received.last == "b.\(round)")
            stopped = !received.contains("a.\(round)")
        }
        #expect(stopped)
    }

    @Test("subscribing on a socket that is not a SUB is invalid_option")
    func subscribeNeedsSub() throws {
        let context = try ZMQContext()
        let push = try ZMQSocket(context, type: .push)
        let error = expectError(.invalidOption) { try push.subscribe("topic") }
        #expect(error?.errno != nil)
    }

    @Test("a topic longer than 255 bytes is invalid_option")
    func overlongTopicIsRefused() throws {
        let context = try ZMQContext()
        let sub = try ZMQSocket(context, type: .sub)
        expectError(.invalidOption) { try sub.subscribe([UInt8](repeating: 65, count: ZMQLimits.maxShortBytes + 1)) }
    }
}
