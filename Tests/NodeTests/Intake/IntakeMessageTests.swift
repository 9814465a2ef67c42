import Chain
import Crypto
import Ledger
import Node
import Primitives
import Testing

@Suite("Intake messages: requests and replies round-trip; bad frames are refused with codes")
struct IntakeMessageTests {
    func sampleTransaction() throws -> Transaction {
        let devnet = try TestDevnet()
        let maker = OrderMaker(config: try devnet.settings().chain)
        let coin = maker.genesisCoin(devnet.trader(1), asset: "BTC")
        return maker.order(devnet.trader(1), .sell, price: 30_000_000_000, size: 1_000_000, from: coin).0
    }

    @Test("transaction, cancel and status requests decode from the frames a client sends")
    func requestsRoundTrip() throws {
        let cancel = CancelRequest(orderID: try Hash256(hex: String(repeating: "ab", count: 32)), signature: OrderMaker.placeholder)
        for request in [IntakeRequest.transaction(try sampleTransaction()), .cancel(cancel), .status] {
            #expect(try IntakeRequest.decode(request.frames[...]) == request)
        }
        #expect(try IntakeRequest.decode([[3]][...]) == .status)
    }

    @Test("the intake's pool item keeps the payload it decoded as the checked transaction's bytes: its canonical encoding")
    func transactionKeepsItsPayload() throws {
        let devnet = try TestDevnet()
        let config = try devnet.settings().chain
        let maker = OrderMaker(config: config)
        let transaction = maker.order(
            devnet.trader(1), .sell, price: 30_000_000_000, size: 1_000_000, from: maker.genesisCoin(devnet.trader(1), asset: "BTC")
        ).0
        let frames = IntakeRequest.transaction(transaction).frames[...]
        let request = try IntakeRequest.decode(frames)
        guard case .transaction(let checked)? = request.poolItem(payload: IntakeRequest.payload(of: frames), config: config) else {
            Issue.record("a transaction item")
            return
        }
        #expect(checked.bytes == transaction.canonicalBytes && checked.bytes == frames.last)
        #expect(checked.id == transaction.id(suite: config.suite))
        #expect(checked.orders?.count == 1)
        #expect(IntakeRequest.status.poolItem(payload: [], config: config) == nil)
    }

    @Test(
        "wrong frame counts, a long type frame, an unknown type, garbage payloads: each refused with its layer's code",
        arguments: [
            ([], 9203),
            ([[1], [], []], 9203),
            ([[1, 1], []], 9203),
            ([[9], []], 9204),
            ([[3], [0]], 9203),
            ([[1], [1, 2, 3]], 3001),
            ([[2], [1, 2, 3]], 1001),
        ] as [([[UInt8]], UInt16)])
    func refused(frames: [[UInt8]], code: UInt16) {
        #expect(throws: IntakeRejection.self) { try IntakeRequest.decode(frames[...]) }
        do {
            _ = try IntakeRequest.decode(frames[...])
        } catch {
            #expect(error.code == code)
        }
    }

    @Test("accept, reject and status replies decode as sent; reject frames are [0x01][u16 LE code][name]")
    func replies() throws {
        let id = try Hash256(hex: String(repeating: "cd", count: 32))
        #expect(try IntakeReply.decode(IntakeReply.accepted(id).frames, for: .transaction) == .accepted(id))
        let rejection = IntakeRejection(code: 8011, name: "duplicate")
        let frames = IntakeReply.rejected(rejection).frames
        #expect(frames == [[1], [0x4B, 0x1F], Array("duplicate".utf8)])
        #expect(try IntakeReply.decode(frames, for: .cancel) == .rejected(rejection))
        let devnet = try TestDevnet()
        let status = NodeStatus(state: try ChainState.genesis(try devnet.settings().chain), pool: nil)
        #expect(try IntakeReply.decode(IntakeReply.status(status).frames, for: .status) == .status(status))
    }

    @Test("a reply that is not one is intake_bad_reply (9206)")
    func badReplies() {
        for frames in [[[0], [1, 2]], [[7]], [[1], [1], Array("x".utf8)], [[0], Array("{".utf8)]] as [[[UInt8]]] {
            let kind: IntakeRequest.Kind = frames.count == 2 && frames[1] == Array("{".utf8) ? .status : .transaction
            let error = #expect(throws: NodeError.self) { try IntakeReply.decode(frames, for: kind) }
            #expect(error?.code == 9206)
        }
    }

    @Test("a reject name that is not UTF-8 is intake_bad_reply, not a repaired name its own frames refuse (found by fuzz-intake)")
    func rejectNameNotUTF8() {
        // 60 bytes of 0xFF: within the 64-byte limit, but each would become a 3-byte U+FFFD.
        let frames: [[UInt8]] = [[1], [0xA3, 0x0F], [UInt8](repeating: 0xFF, count: 60)]
        let error = #expect(throws: NodeError.self) { try IntakeReply.decode(frames, for: .transaction) }
        #expect(error?.code == 9206)
    }
}
