import Crypto
import Foundation
import Gateway
import Ledger
import LodestoneWire
import Primitives
import Storage
import Synchronization
import Testing

@testable import Chain
@testable import ChainFixtures

/// A chain with a peg (`PegFixture`) committed to a real `ChainStore`: block 1 mints 50,000
/// BTC to Bob, block 2 burns three amounts, block 3 none, block 4 two more.
struct BurnChain {
    var fixture: PegFixture
    let store = MemoryStore()
    let chainStore: ChainStore<MemoryStore>
    /// Every burn, in the index's order (height, then output ID).
    private(set) var expected: [(height: UInt64, id: Hash256, amount: UInt64, program: [UInt8])] = []

    init() throws {
        fixture = try PegFixture()
        chainStore = ChainStore(store: store, suite: PegFixture.suite)
        fixture.state = try chainStore.open(config: fixture.config)
        let deposit = fixture.deposit(amount: 50_000, destination: .payToKey(fixture.chain.bob.publicKey))
        let headers = PegFixture.extend(fixture.mainGenesis, count: 3, roots: [0: PegFixture.blockRoot([deposit])])
        try commit(fixture.block(headers: headers, [fixture.mint(deposit, in: [deposit], header: headers[0])]))
        try burn([1_000, 2_000, 3_000])
        try commit(fixture.block())
        try burn([4_000, 5_000])
        expected.sort { ($0.height, $0.id) < ($1.height, $1.id) }
    }

    private func commit(_ result: (Block, BlockOutcome)) throws {
        #expect(result.1.rejected.isEmpty, "\(result.1.rejected)")
        try chainStore.commit(result.0, outcome: result.1)
    }

    /// A block with one transaction of Bob's burning `amounts` of BTC, each to its own main-chain key.
    private mutating func burn(_ amounts: [UInt64]) throws {
        let bob = fixture.chain.bob
        let coin = try #require(fixture.chain.coins(bob, fixture.btc).max { $0.amount < $1.amount })
        var outputs: [Output] = []
        for (index, amount) in amounts.enumerated() {
            let address = ControlProgram.payToKey(ChainFixture.key(UInt8(0x40 + expected.count + index)).publicKey).canonicalBytes
            outputs.append(Output(asset: fixture.btc, amount: Amount(amount), program: .crossChainOut(mainChainAddress: address)))
        }
        outputs.append(
            Output(asset: fixture.btc, amount: Amount(coin.amount.units - amounts.reduce(0, +)), program: .payToKey(bob.publicKey)))
        let transaction = fixture.chain.sign(
            Transaction(inputs: [Input(spending: coin.id, witness: .signature(ChainFixture.placeholder))], outputs: outputs), with: bob)
        try commit(fixture.block([transaction]))
        let id = transaction.id(suite: PegFixture.suite)
        for (index, output) in outputs.enumerated() {
            guard case .crossChainOut(let address) = output.program else { continue }
            expected.append(
                (
                    fixture.state.height, Transaction.outputID(transactionID: id, index: index, suite: PegFixture.suite),
                    output.amount.units,
                    address
                ))
        }
    }
}

/// Headers the gateway handed on, or a hand-off that refuses them all.
final class RecordingHeaderSink: MainChainHeaderSink {
    let refusing: Bool
    private let handed = Mutex<[MainChainHeader]>([])

    init(refusing: Bool = false) { self.refusing = refusing }

    var headers: [MainChainHeader] { handed.withLock { $0 } }

    func hand(_ headers: [MainChainHeader]) -> Int {
        if refusing { return headers.count }
        handed.withLock { $0 += headers }
        return 0
    }
}

@Suite("Order-entry gateway: the burns query and main-chain header submission", .serialized)
struct PegQueryTests {
    static let waitMs = GatewayNode.waitMs

    static func settings(burst: UInt64 = 2_000) -> OrderEntrySettings {
        var settings = OrderEntrySettings()
        settings.endpoint = "tcp://127.0.0.1:*"
        settings.burst = burst
        return settings
    }

    static func burnsQuery(from height: UInt64, after: Data = Data(), limit: UInt32) -> Lodestone_V1_Request.OneOf_Body {
        .burns(
            .with {
                $0.fromHeight = height
                $0.after = after
                $0.limit = limit
            })
    }

    static func submission(_ headers: [Data]) -> Lodestone_V1_Request.OneOf_Body {
        .submitHeaders(.with { $0.headers = headers })
    }

    /// Sends the request's protobuf bytes as they are (the client's own checks would stop the
    /// malformed ones before the gateway sees them) and reads the answer.
    func send(_ client: OrderEntryClient, _ body: Lodestone_V1_Request.OneOf_Body, id: String = "q") throws -> Lodestone_V1_Response {
        try client.sendFrames([try Lodestone_V1_Request(clientOrderID: id, body).serializedBytes()])
        return try client.response(timeoutMs: Self.waitMs)
    }

    func code(_ response: Lodestone_V1_Response) -> UInt32? {
        if case .reject(let reject)? = response.result { reject.code } else { nil }
    }

    func page(_ client: OrderEntryClient, from height: UInt64, after: Data = Data(), limit: UInt32) throws -> Lodestone_V1_Burns {
        let response = try send(client, Self.burnsQuery(from: height, after: after, limit: limit))
        guard case .burns(let burns)? = response.result else { throw GatewayError(.badReply, "refused: \(response)") }
        return burns
    }

    @Test("pages of two walk every burn once across heights 2 and 4, by height then output ID, each page read at the tip")
    func pagingAcrossHeights() throws {
        let chain = try BurnChain()
        let gateway = try StandaloneGateway(
            settings: Self.settings(), chain: chain.fixture.config, burns: BurnReader(store: chain.store))
        let client = try OrderEntryClient(endpoint: gateway.endpoint)
        defer { client.close() }
        #expect(chain.expected.map(\.height) == [2, 2, 2, 4, 4])

        var (listed, pages, from, after) = ([Lodestone_V1_Burn](), [Lodestone_V1_Burns](), UInt64(0), Data())
        for _ in 0..<10 {
            let burns = try page(client, from: from, after: after, limit: 2)
            pages.append(burns)
            listed += burns.burns
            guard burns.more, let last = burns.burns.last else { break }
            (from, after) = (last.height, last.outputID)
        }
        #expect(pages.map(\.burns.count) == [2, 2, 1])
        #expect(pages.map(\.more) == [true, true, false])
        #expect(pages.allSatisfy { $0.height == 4 })
        #expect(listed.map(\.height) == chain.expected.map(\.height))
        #expect(listed.map(\.outputID) == chain.expected.map { Data($0.id.bytes) })
        #expect(listed.map(\.amount) == chain.expected.map(\.amount))
        #expect(listed.map(\.mainChainProgram) == chain.expected.map { Data($0.program) })
        #expect(listed.allSatisfy { $0.asset == Data(chain.fixture.btc.hash.bytes) })
        // The same as one page, and as the store's own list.
        #expect(try page(client, from: 0, limit: 500).burns == listed)
        #expect(try chain.chainStore.burns(from: 0, limit: 500).map { Data($0.burn.outputID.bytes) } == listed.map(\.outputID))
        // From a later height; after the last burn of height 2; past the tip: an empty last page.
        #expect(try page(client, from: 3, limit: 500).burns == Array(listed[3...]))
        #expect(try page(client, from: 2, after: listed[2].outputID, limit: 500).burns == Array(listed[3...]))
        let past = try page(client, from: 5, limit: 500)
        #expect(past.burns.isEmpty && !past.more && past.height == 4)
        // The Swift convenience builds the same query.
        let typed = try client.send(
            .burns(fromHeight: 2, after: try Hash256(bytes: listed[2].outputID), limit: 500, clientOrderID: "typed"), timeoutMs: Self.waitMs
        )
        #expect(typed.clientOrderID == "typed" && typed.burns.burns == Array(listed[3...]))
        #expect(gateway.server.counters.current.burnsQueries == 8)
    }

    @Test("bad fields are refused with their codes, neither request is batched, and a chain without a peg answers no_peg to both")
    func badFieldsAndNoPeg() throws {
        let chain = try BurnChain()
        let gateway = try StandaloneGateway(
            settings: Self.settings(), chain: chain.fixture.config, burns: BurnReader(store: chain.store))
        let client = try OrderEntryClient(endpoint: gateway.endpoint)
        defer { client.close() }
        #expect(code(try send(client, Self.burnsQuery(from: 0, limit: 0))) == 7109)
        #expect(code(try send(client, Self.burnsQuery(from: 0, limit: 501))) == 7109)
        #expect(code(try send(client, Self.burnsQuery(from: 0, after: Data(repeating: 1, count: 31), limit: 5))) == 7107)
        #expect(code(try send(client, Self.submission([]))) == 7103)
        #expect(code(try send(client, Self.submission([Data(repeating: 1, count: 92)]))) == 7107)

        // Neither goes in a batch: each entry is refused in its place.
        let header = Data(PegFixture.extend(chain.fixture.mainGenesis, count: 1)[0].canonicalBytes)
        let batch = try send(
            client,
            .batch(
                .with {
                    $0.requests = [
                        Lodestone_V1_Request(clientOrderID: "b1", Self.burnsQuery(from: 0, limit: 5)),
                        Lodestone_V1_Request(clientOrderID: "b2", Self.submission([header])),
                    ]
                }))
        #expect(batch.batch.responses.map { $0.reject.code } == [7203, 7203])

        let plain = try StandaloneGateway(settings: Self.settings())
        let other = try OrderEntryClient(endpoint: plain.endpoint)
        defer { other.close() }
        let refused = try send(other, Self.burnsQuery(from: 0, limit: 5))
        #expect(code(refused) == 7234 && refused.reject.name == "no_peg" && refused.clientOrderID == "q")
        #expect(code(try send(other, Self.submission([header]))) == 7234)
    }

    @Test(
        "headers that can be main-chain headers are handed on in order and acked; junk, a gateway without a sink and a full hand-off are refused"
    )
    func headerSubmission() throws {
        let chain = try BurnChain()
        let sink = RecordingHeaderSink()
        let gateway = try StandaloneGateway(settings: Self.settings(), chain: chain.fixture.config, headers: sink)
        let client = try OrderEntryClient(endpoint: gateway.endpoint)
        defer { client.close() }
        let headers = PegFixture.extend(chain.fixture.mainGenesis, count: 3, salt: 3)
        let ack = try client.send(.submitHeaders(headers, clientOrderID: "h1"), timeoutMs: Self.waitMs)
        #expect(ack.clientOrderID == "h1" && ack.ack == Lodestone_V1_Ack())
        #expect(sink.headers == headers)

        // A hash above its own target; a target easier than the main chain's limit; another version.
        let weak = PegFixture.mine(height: 1, parent: .zero, root: .zero, timestampMs: 1, failing: true)
        let easy = PegFixture.mine(height: 1, parent: .zero, root: .zero, timestampMs: 1, bits: 0x2100_ffff)
        var otherVersion = Array(headers[0].canonicalBytes)
        otherVersion[0] = 2
        for junk in [weak.canonicalBytes, easy.canonicalBytes, otherVersion] {
            let refused = try send(client, Self.submission([Data(headers[1].canonicalBytes), Data(junk)]))
            #expect(code(refused) == 7238 && refused.reject.text.hasPrefix("headers[1]:"), "\(refused)")
        }
        #expect(sink.headers == headers, "a refused submission hands on nothing")

        let sinkless = try StandaloneGateway(settings: Self.settings(), chain: chain.fixture.config)
        let sinklessClient = try OrderEntryClient(endpoint: sinkless.endpoint)
        defer { sinklessClient.close() }
        #expect(code(try send(sinklessClient, Self.submission([Data(headers[0].canonicalBytes)]))) == 7236)

        let full = try StandaloneGateway(
            settings: Self.settings(), chain: chain.fixture.config, headers: RecordingHeaderSink(refusing: true))
        let fullClient = try OrderEntryClient(endpoint: full.endpoint)
        defer { fullClient.close() }
        #expect(code(try send(fullClient, Self.submission([Data(headers[0].canonicalBytes)]))) == 7237)
        #expect(full.server.counters.current.headersBusy == 1 && gateway.server.counters.current.headerSubmissions == 1)
    }

    @Test("a burns page costs ceil(limit / 100) tokens and a submission ceil(headers / 64)")
    func tokenCost() throws {
        let chain = try BurnChain()
        let sink = RecordingHeaderSink()
        let gateway = try StandaloneGateway(
            settings: Self.settings(burst: 7), chain: chain.fixture.config, burns: BurnReader(store: chain.store), headers: sink)
        let client = try OrderEntryClient(endpoint: gateway.endpoint)
        defer { client.close() }
        // The test's clock stands still: no token comes back. 5 + 2 = 7, then nothing is left.
        #expect(code(try send(client, Self.burnsQuery(from: 0, limit: 500))) == nil)
        let headers = PegFixture.extend(chain.fixture.mainGenesis, count: 65).map { Data($0.canonicalBytes) }
        #expect(code(try send(client, Self.submission(headers))) == nil)
        #expect(code(try send(client, Self.burnsQuery(from: 0, limit: 1))) == 7201)
        #expect(sink.headers.count == 65)
    }

    @Test("the wire's header size is the ledger's")
    func headerSize() {
        #expect(WireLimits.mainChainHeaderBytes == MainChainHeader.encodedBytes)
        #expect(WireLimits.maxMainChainProgramBytes == ControlProgram.maxMainChainAddressBytes)
        #expect(WireLimits.burnsPageMax == BurnReader<MemoryStore>.pageBurnsMax)
        #expect(WireLimits.submittedHeadersMax == Block.maxMainChainHeaders)
    }
}
