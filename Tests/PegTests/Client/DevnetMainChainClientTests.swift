import Crypto
import Ledger
import MainChain
import Primitives
import Testing
import ZeroMQ

@testable import Peg

/// The devnet adapter against a real ZeroMQ ROUTER that answers with the real
/// `MainChainResponse` encoding (ports 9501–9519).
@Suite struct DevnetMainChainClientTests {
    let chain = TestMainChain()
    let suite = TestMainChain.suite

    func client(_ router: TestRouter, clock: RecordingClock = RecordingClock(), timeoutMs: Int = 300, attempts: Int = 3) throws
        -> DevnetMainChainClient
    {
        try DevnetMainChainClient(
            endpoint: router.endpoint, suite: suite, timeoutMs: timeoutMs,
            retry: try RetryPolicy(attemptsMax: attempts, initialDelayMs: 50, delayCapMs: 1_000), clock: clock)
    }

    @Test func everyCallGetsItsAnswer() throws {
        let key = try suite.signingKey(secret: [UInt8](repeating: 7, count: 32))
        let asset = AssetID(suite.hash(.outputID, [1]))
        let transaction = Transaction(
            inputs: [
                Input(spending: suite.hash(.outputID, [2]), witness: .signature(try Signature(bytes: [UInt8](repeating: 1, count: 64))))
            ],
            outputs: [Output(asset: asset, amount: Amount(5), program: .payToKey(key.publicKey))])
        chain.mine()
        let second = chain.mine(transactions: [transaction])
        chain.mine()
        let router = try TestRouter(port: 9501, chain: chain)
        defer { router.stop() }
        let client = try client(router)

        let tip = try client.best()
        #expect(tip.height == 3 && tip.hash == chain.bestHash)
        let headers = try client.headers(fromHeight: 1, countMax: 10)
        #expect(headers.map(\.height) == [1, 2, 3])
        #expect(try client.headers(fromHeight: 9, countMax: 10).isEmpty)
        #expect(try client.block(atHeight: 2) == second)
        #expect(try client.block(hash: second.hash(suite: suite)) == second)
        let outputID = Transaction.outputID(transactionID: transaction.id(suite: suite), index: 0, suite: suite)
        let record = try client.output(id: outputID)
        #expect(record.output == transaction.outputs[0] && record.height == 2 && record.blockHash == second.hash(suite: suite))
        #expect(try client.submit(transaction: transaction) == transaction.id(suite: suite))
        #expect(throws: MainChainClientError.self) { try client.block(atHeight: 40) }
        do {
            _ = try client.output(id: suite.hash(.outputID, [9]))
            Issue.record("an unknown output is not found")
        } catch {
            guard case .notFound = error else { throw error }
        }
    }

    @Test func aServerThatNeverAnswersTimesOutAfterTheBackoffSchedule() throws {
        let router = try TestRouter(port: 9502, chain: chain, behaviour: .silent)
        defer { router.stop() }
        let clock = RecordingClock()
        let client = try client(router, clock: clock, timeoutMs: 100, attempts: 4)
        do {
            _ = try client.best()
            Issue.record("a silent server cannot answer")
        } catch {
            #expect(error == .timeout(endpoint: router.endpoint, timeoutMs: 100, attempts: 4))
        }
        #expect(clock.sleeps == [50, 100, 200])
        #expect(router.requests == 4)
    }

    @Test func garbageIsATypedErrorRetriedLikeATimeout() throws {
        let router = try TestRouter(port: 9503, chain: chain, behaviour: .garbage([1, 2, 3]))
        defer { router.stop() }
        let clock = RecordingClock()
        let client = try client(router, clock: clock)
        do {
            _ = try client.best()
            Issue.record("three bytes are not an answer")
        } catch {
            guard case .garbage = error else { throw error }
            #expect(error.code == 11003)
        }
        #expect(clock.sleeps == [50, 100])

        // The right ID with the wrong kind of answer: garbage too.
        router.set(.wrongKind)
        do {
            _ = try client.best()
            Issue.record("headers are not a tip")
        } catch {
            guard case .garbage = error else { throw error }
        }
    }

    @Test func aRefusalIsNotRetried() throws {
        let router = try TestRouter(port: 9504, chain: chain, behaviour: .refuse(code: 9507, message: "ledger refused"))
        defer { router.stop() }
        let clock = RecordingClock()
        let client = try client(router, clock: clock)
        let transaction = Transaction(inputs: [], outputs: [])
        #expect(throws: MainChainClientError.remote(code: 9507, message: "ledger refused")) {
            try client.submit(transaction: transaction)
        }
        #expect(clock.sleeps.isEmpty && router.requests == 1)
    }

    @Test func aStoppedServerIsAnErrorAndTheClientRecoversWhenItReturns() throws {
        chain.mine()
        var router = try TestRouter(port: 9505, chain: chain)
        let clock = RecordingClock()
        let client = try client(router, clock: clock, timeoutMs: 200, attempts: 2)
        #expect(try client.best().height == 1)
        router.stop()
        do {
            _ = try client.best()
            Issue.record("no server, no answer")
        } catch {
            switch error {
            case .disconnected, .timeout: #expect(error.isRetryable)
            default: throw error
            }
        }
        #expect(clock.sleeps == [50])
        router = try TestRouter(port: 9505, chain: chain)
        defer { router.stop() }
        #expect(try client.best().height == 1)
    }

    @Test func aRequestOverTheDevnetsFramingIsTheDocumentedBytes() {
        // best, request ID 1: u64 LE 1, kind 5 — the adapter sends exactly MainChainRequest's bytes.
        #expect(MainChainRequest(requestID: 1, body: .best).canonicalBytes == [1, 0, 0, 0, 0, 0, 0, 0, 5])
    }
}

@Suite struct MainChainBlockNotificationsTests {
    @Test func aPublishedBlockArrivesAsANotice() throws {
        let chain = TestMainChain()
        let block = chain.mine()
        let context = try ZMQContext()
        let publisher = try ZMQSocket(context, type: .pub)
        try publisher.bind("tcp://127.0.0.1:9511")
        let notifications = try MainChainBlockNotifications(endpoint: "tcp://127.0.0.1:9511")
        let notice = MainChainBlockNotice(header: block.header, height: 1)
        var received: MainChainBlockNotice?
        // PUB drops what it sends before the subscription reaches it: publish until one lands.
        for _ in 0..<100 where received == nil {
            try publisher.send(ZMQMessage(frames: notice.frames))
            received = try notifications.next(timeoutMs: 50)
        }
        #expect(received == notice)
        try publisher.send(ZMQMessage(frames: [Array("block".utf8), [1, 2], [3]]))
        var garbage = false
        for _ in 0..<20 where !garbage {
            do { _ = try notifications.next(timeoutMs: 50) } catch {
                guard case .garbage = error else { throw error }
                garbage = true
            }
        }
        #expect(garbage)
    }
}
