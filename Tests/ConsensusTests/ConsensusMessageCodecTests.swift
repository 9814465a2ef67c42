import Chain
import Crypto
import Ledger
import Primitives
import Testing

@testable import Consensus

@Suite struct ConsensusMessageCodecTests {
    @Test func statusAndRequestRoundTrip() throws {
        let chainID = try Hash256(bytes: [UInt8](repeating: 7, count: 32))
        for message in [
            ConsensusMessage.status(PeerStatus(chainID: chainID, height: 9, round: 2)), .blockRequest(fromHeight: 4, countMax: 16),
        ] {
            #expect(try ConsensusMessage.decode(message.canonicalBytes) == message)
        }
    }

    /// docs/PROTOCOL.md §7's signed transaction: a follower forwards the bytes it checked and
    /// the validator reads back the same transaction with exactly those bytes, the
    /// transaction's canonical encoding (nothing is encoded again on either side).
    @Test func forwardCarriesEachTransactionsCanonicalBytes() throws {
        let bytes = try Hex.decode(Self.vectorTransactionHex)
        var reader = ByteReader(bytes)
        let transaction = try Transaction(from: &reader)
        try reader.finish()
        let cancel = CancelRequest(
            orderID: try Hash256(bytes: [UInt8](repeating: 9, count: 32)), signature: try Signature(bytes: [UInt8](repeating: 1, count: 64))
        )
        let message = ConsensusMessage.forward(
            transactions: [ForwardedTransaction(transaction, bytes: bytes), ForwardedTransaction(transaction, bytes: bytes)],
            cancels: [cancel])
        let wire = message.canonicalBytes
        // The count, the kept bytes twice as they are, then the cancels.
        #expect(Array(wire[2..<2 + bytes.count]) == bytes)
        guard case .forward(let received, let cancels) = try ConsensusMessage.decode(wire) else {
            Issue.record("a forward decodes as a forward")
            return
        }
        #expect(received.count == 2 && cancels == [cancel])
        for forwarded in received {
            #expect(forwarded.transaction == transaction)
            #expect(forwarded.bytes == bytes)
            #expect(forwarded.bytes == transaction.canonicalBytes)
        }
    }

    static let vectorTransactionHex =
        "0101abababababababababababababababababababababababababababababababab0202020202020202020202020202020202020202020202020202020202020202020a030303030303030303030303030303030303030303030303030303030303030303b0ea01010120ab5d2e79cfd621b1b027ffb24e2453ed7fb571ba9a841ff0e2473466cabd168d20ab5d2e79cfd621b1b027ffb24e2453ed7fb571ba9a841ff0e2473466cabd168d01190001e8070101010101010101010101010101010101010101010101010101010101010101de070120ad1d02fb804c18df3434bb8e259694120512c64136d877390d9eb46707fddec20a014039e0a5020350e4ada4abbc12ff0d17d28300c42d8e07b0a93d29a10bf188bb68de884840e001d4be407d4124917e60e64b29726a3f313ec3eb238dedaa5e7f70"

    /// A follower's gateway took main-chain headers: they travel as their canonical encodings
    /// (kind 11, a count, then each 93-byte header), at most a block's worth per message.
    @Test func forwardHeadersRoundTripsAndIsBounded() throws {
        let header = MainChainHeader(
            height: 3, previousHash: try Hash256(bytes: [UInt8](repeating: 4, count: 32)), transactionRoot: .zero, timestampMs: 5,
            targetBits: 0x207f_ffff, nonce: 6)
        let message = ConsensusMessage.forwardHeaders([header, header.withNonce(7)])
        let wire = message.canonicalBytes
        #expect(wire.count == 2 + 2 * MainChainHeader.encodedBytes && wire[0] == 11 && wire[1] == 2)
        #expect(try ConsensusMessage.decode(wire) == message)
        #expect(message.kind == .forwardHeaders)
        let full = ConsensusMessage.forwardHeaders(Array(repeating: header, count: Block.maxMainChainHeaders))
        #expect(try ConsensusMessage.decode(full.canonicalBytes) == full)
        let over = ConsensusMessage.forwardHeaders(Array(repeating: header, count: Block.maxMainChainHeaders + 1))
        #expect(throws: ConsensusError.self) { try ConsensusMessage.decode(over.canonicalBytes) }
    }

    @Test func unknownKindIsRefused() {
        #expect(throws: ConsensusError.self) { try ConsensusMessage.decode([0xEE]) }
    }
}
