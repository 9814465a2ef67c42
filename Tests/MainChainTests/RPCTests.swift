import Crypto
import Foundation
import Ledger
import MainChain
import Primitives
import Storage
import Testing
import ZeroMQ

@Suite("Main-chain RPC: canonical messages, every kind over a real ZeroMQ ROUTER, errors with codes, PUB block notices", .serialized)
struct RPCTests {
    @Test("the wire vector of a best request (docs/MAINCHAIN.md) and round trips of every request and response")
    func wireForm() throws {
        let best = MainChainRequest(requestID: 7, body: .best)
        #expect(Hex.encode(best.canonicalBytes) == "070000000000000005")
        let range = MainChainRequest(requestID: 1, body: .headerRange(fromHeight: 2, countMax: 3))
        #expect(Hex.encode(range.canonicalBytes) == "010000000000000006020000000000000003000000")
        let fixture = try MainChainFixture()
        let requests: [MainChainRequest.Body] = [
            .submitTransaction([1, 2, 3]), .blockByHeight(9), .blockByHash(fixture.genesis.chainID), .output(.zero), .best,
            .headerRange(fromHeight: 0, countMax: 2_000),
            .outputsHeldBy(program: fixture.genesis.issuance.outputs[0].program, after: .zero, limit: 500),
        ]
        for body in requests {
            let request = MainChainRequest(requestID: 42, body: body)
            #expect(try MainChainRequest(canonicalBytes: request.canonicalBytes) == request)
        }
        let output = fixture.genesis.issuance.outputs[0]
        let results: [MainChainResponse.Result] = [
            .transactionAccepted(fixture.genesis.chainID), .block(fixture.genesis.genesisBlock, kind: .blockByHash),
            .output(output, blockHash: .zero, height: 3), .best(height: 5, hash: .zero, chainWork: UInt256(77)),
            .headers([fixture.genesis.genesisHeader]), .error(code: 9523, message: "block not found"),
        ]
        for result in results {
            let response = MainChainResponse(requestID: 42, result: result)
            #expect(try MainChainResponse.decode(response.canonicalBytes) == response)
        }
        #expect(
            Hex.encode(MainChainResponse(requestID: 7, error: .notFound("x")).canonicalBytes)
                == "07000000000000000133250b" + Hex.encode(Array("x not found".utf8)))
    }

    @Test("outputs_held_by (kind 7): the wire vectors of docs/MAINCHAIN.md, round trips, a page answered by the node, garbage with codes")
    func outputsHeldBy() throws {
        let key = try PublicKey(bytes: [UInt8](repeating: 0x11, count: 32))
        let first = MainChainRequest(requestID: 7, body: .outputsHeldBy(program: .payToKey(key), after: nil, limit: 500))
        #expect(Hex.encode(first.canonicalBytes) == "070000000000000007220120" + String(repeating: "11", count: 32) + "00f401")
        let next = MainChainRequest(
            requestID: 7,
            body: .outputsHeldBy(program: .payToKey(key), after: try Hash256(bytes: [UInt8](repeating: 0x22, count: 32)), limit: 3))
        #expect(
            Hex.encode(next.canonicalBytes)
                == "070000000000000007220120" + String(repeating: "11", count: 32) + "01" + String(repeating: "22", count: 32) + "0300")
        #expect(try MainChainRequest(canonicalBytes: next.canonicalBytes) == next)
        let empty = MainChainResponse(requestID: 7, result: .outputsHeld(MainChainOutputPage(outputs: [], more: false)))
        #expect(Hex.encode(empty.canonicalBytes) == "070000000000000000070000")

        let fixture = try MainChainFixture()
        let node = try MainChainNode(genesis: fixture.genesis, store: MemoryStore())
        let alice = ControlProgram.payToKey(fixture.alice.publicKey)
        let answer = node.answer(
            frame: MainChainRequest(requestID: 9, body: .outputsHeldBy(program: alice, after: nil, limit: 1)).canonicalBytes)
        guard case .outputsHeld(let page) = answer.result else {
            Issue.record("no page: \(answer)")
            return
        }
        #expect(page.outputs.count == 1 && page.more && page.outputs[0].record.output.program == alice)
        #expect(try MainChainResponse.decode(answer.canonicalBytes) == answer)
        let rest = node.answer(
            MainChainRequest(requestID: 10, body: .outputsHeldBy(program: alice, after: page.outputs[0].outputID, limit: 500)))
        guard case .outputsHeld(let second) = rest.result else {
            Issue.record("no second page")
            return
        }
        #expect(second.outputs.count == 1 && !second.more && second.outputs[0].outputID != page.outputs[0].outputID)

        // A limit outside 1...500: 9531. A holder that is not a program, a bad has_after flag,
        // trailing or missing bytes: 9520.
        for limit: UInt16 in [0, 501, 65_535] {
            let response = node.answer(MainChainRequest(requestID: 11, body: .outputsHeldBy(program: alice, after: nil, limit: limit)))
            #expect(response == MainChainResponse(requestID: 11, error: .pageLimitInvalid(limit: Int(limit), max: 500)))
        }
        let prefix: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0, 7]
        let holder = alice.canonicalBytes
        for frame: [UInt8] in [
            prefix + [3, 0xee, 0xee, 0xee, 0, 1, 0], prefix + [UInt8(holder.count)] + holder + [2, 1, 0],
            prefix + [UInt8(holder.count)] + holder + [0, 1], prefix + [UInt8(holder.count)] + holder + [0, 1, 0, 9], prefix + [0x7f],
        ] {
            guard case .error(let code, _) = node.answer(frame: frame).result else {
                Issue.record("no error for \(frame)")
                continue
            }
            #expect(code == 9520)
        }
    }

    @Test("garbage is an error response with a code, never a crash: unknown kind, truncated, trailing bytes, oversize")
    func garbage() throws {
        let fixture = try MainChainFixture()
        let node = try MainChainNode(genesis: fixture.genesis, store: MemoryStore())
        #expect(node.answer(frame: [1, 0, 0, 0, 0, 0, 0, 0, 99]) == MainChainResponse(requestID: 1, error: .requestUnknownKind(99)))
        for frame: [UInt8] in [[], [1, 2, 3], [1, 0, 0, 0, 0, 0, 0, 0, 2, 1], [1, 0, 0, 0, 0, 0, 0, 0, 5, 0]] {
            guard case .error(let code, _) = node.answer(frame: frame).result else {
                Issue.record("no error for \(frame)")
                continue
            }
            #expect(code == 9520)
        }
        let oversize = [UInt8](repeating: 0, count: MainChainRequest.bytesMax + 1)
        guard case .error(let code, _) = node.answer(frame: oversize).result else {
            Issue.record("oversize answered")
            return
        }
        #expect(code == 9521)
        let range = node.answer(MainChainRequest(requestID: 3, body: .headerRange(fromHeight: 0, countMax: 2_001)))
        #expect(range == MainChainResponse(requestID: 3, error: .headerRangeTooLarge(count: 2_001, limit: 2_000)))
        let badTransaction = node.answer(MainChainRequest(requestID: 4, body: .submitTransaction([0xff])))
        guard case .error(let badCode, _) = badTransaction.result else {
            Issue.record("bad transaction accepted")
            return
        }
        #expect(badCode == 9507)
    }

    @Test("every kind over a real ROUTER socket from a DEALER, with not-found answers, and a PUB notice per new best block")
    func overZeroMQ() throws {
        let fixture = try MainChainFixture()
        let node = try MainChainNode(genesis: fixture.genesis, store: MemoryStore())
        let context = try ZMQContext()
        defer { context.close() }
        let server = try MainChainServer(node: node, context: context, rpc: "tcp://127.0.0.1:9461", pub: "tcp://127.0.0.1:9462")
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? server.run()
            done.signal()
        }
        defer {
            server.stop()
            done.wait()
            server.close()
        }
        let dealer = try ZMQSocket(context, type: .dealer)
        try dealer.setOption(.receiveTimeoutMs, 5_000)
        try dealer.setOption(.lingerMs, 0)
        try dealer.connect(server.rpcEndpoint)
        let subscriber = try ZMQSocket(context, type: .sub)
        try subscriber.setOption(.receiveTimeoutMs, 5_000)
        try subscriber.setOption(.lingerMs, 0)
        try subscriber.subscribe(MainChainBlockNotice.topic)
        try subscriber.connect(server.pubEndpoint)
        let limits = try ZMQReceiveLimits(maxFrames: 4, maxTotalBytes: MainChainResponse.bytesMax)

        func ask(_ body: MainChainRequest.Body, id: UInt64) throws -> MainChainResponse.Result {
            _ = try dealer.send(MainChainRequest(requestID: id, body: body).canonicalBytes)
            let message = try #require(try dealer.receive(limits: limits))
            let response = try MainChainResponse.decode(try #require(message.frames.last))
            #expect(response.requestID == id)
            return response.result
        }

        #expect(try ask(.best, id: 1) == .best(height: 0, hash: fixture.genesis.chainID, chainWork: node.best.chainWork))
        let spend = try fixture.transfer(
            fixture.genesisOutput(0), of: 1_000_000_000, asset: fixture.btc, from: fixture.alice, to: fixture.bob.publicKey)
        #expect(try ask(.submitTransaction(spend.canonicalBytes), id: 2) == .transactionAccepted(spend.id(suite: fixture.suite)))
        guard case .error(let duplicateCode, _) = try ask(.submitTransaction(spend.canonicalBytes), id: 3) else {
            Issue.record("duplicate accepted")
            return
        }
        #expect(duplicateCode == 9512)

        // The PUB needs a moment to see the subscription: mine after a first notice lands.
        var notice: MainChainBlockNotice?
        let miner = MainChainMiner(
            node: node, settings: MinerSettings(hashesPerChunk: 4), clock: SteppingClock(startMs: fixture.genesis.timestampMs, stepMs: 10))
        for _ in 0..<50 where notice == nil {
            miner.mine(blocks: 1)
            try subscriber.setOption(.receiveTimeoutMs, 100)
            if let message = try subscriber.receive(limits: limits) { notice = MainChainBlockNotice(frames: message.frames) }
        }
        let received = try #require(notice)
        let height = node.best.height
        #expect(received.height >= 1 && received.height <= height)
        let mined = try #require(try node.withCore { core throws(MainChainError) in try core.block(height: 1) })
        #expect(mined.transactions == [spend])

        let hash = mined.hash(suite: fixture.suite)
        #expect(try ask(.blockByHeight(1), id: 4) == .block(mined, kind: .blockByHeight))
        #expect(try ask(.blockByHash(hash), id: 5) == .block(mined, kind: .blockByHash))
        let created = Transaction.outputID(transactionID: spend.id(suite: fixture.suite), index: 0, suite: fixture.suite)
        #expect(try ask(.output(created), id: 6) == .output(spend.outputs[0], blockHash: hash, height: 1))
        guard case .headers(let headers) = try ask(.headerRange(fromHeight: 1, countMax: 2_000), id: 7) else {
            Issue.record("no headers")
            return
        }
        #expect(headers.count == Int(height) && headers.first == mined.header)

        for (body, code) in [
            (MainChainRequest.Body.blockByHeight(10_000), UInt16(9523)), (.blockByHash(.zero), 9523),
            (.output(fixture.genesisOutput(0)), 9524),
            (.output(.zero), 9525),
        ] {
            guard case .error(let got, _) = try ask(body, id: 8) else {
                Issue.record("\(body) answered")
                continue
            }
            #expect(got == code)
        }
        // Garbage over the socket: an error response, and the server keeps answering.
        _ = try dealer.send([0, 0, 0, 0, 0, 0, 0, 0, 77])
        let garbage = try MainChainResponse.decode(try #require(try dealer.receive(limits: limits)?.frames.last))
        #expect(garbage == MainChainResponse(requestID: 0, error: .requestUnknownKind(77)))
        guard case .best = try ask(.best, id: 9) else {
            Issue.record("no best after garbage")
            return
        }
    }
}
