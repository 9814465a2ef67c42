import Crypto
import Ledger
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures

@Suite("Chain: a block is encoded from its transactions' kept bytes, byte for byte as from scratch")
struct BlockEncodingTests {
    /// The block encoded from scratch, every transaction encoded again from its value: what
    /// `Block.encode` wrote before blocks kept their transactions' bytes.
    static func encodedFromScratch(_ block: Block) -> [UInt8] {
        var writer = ByteWriter()
        block.header.encode(to: &writer)
        writer.writeArray(block.transactions)
        writer.writeArray(block.cancels)
        writer.writeArray(block.cancelAlls)
        writer.writeArray(block.deadManSwitches)
        writer.writeArray(block.mainChainHeaders)
        writer.writeArray(block.settlements)
        writer.write(block.lastCommit != nil)
        if let lastCommit = block.lastCommit { lastCommit.encode(to: &writer) }
        writer.writeArray(block.evidence)
        writer.write(block.signature)
        return writer.bytes
    }

    @Test(
        "a proposer's block from checked transactions encodes as from scratch; decoding keeps each transaction's bytes and re-encodes identically"
    )
    func keptBytesEncodeAsFromScratch() throws {
        var f = ChainFixture()
        let config = f.state.config
        let sell = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        let buy = f.order(f.bob, .buy, price: 30_000_000_000, size: 2_000_000)
        try f.block([sell])
        // The pool's candidates as the gateway made them: decoded from the bytes sent.
        let checked = try [buy].map { try CheckedTransaction.decode($0.canonicalBytes, config: config) }
        let (block, _) = try f.state.proposeBlock(
            checked: checked, cancels: [], timestampMs: f.clockMs + 100, proposer: f.validator, lastCommit: try f.lastCommit())
        // A fill: settlements and a last commit are in the encoding too.
        #expect(!block.settlements.isEmpty && block.lastCommit != nil)
        #expect(block.transactionEncodings == checked.map(\.bytes))
        let bytes = block.canonicalBytes
        #expect(bytes == Self.encodedFromScratch(block))

        let decoded = try Block.decode(bytes)
        #expect(decoded == block)
        #expect(decoded.transactionEncodings == [buy.canonicalBytes])
        #expect(decoded.canonicalBytes == bytes)
        // The same block built from values encodes each transaction once, to the same bytes.
        let fromValues = Block(
            header: block.header, transactions: block.transactions, cancels: block.cancels, settlements: block.settlements,
            lastCommit: block.lastCommit, evidence: block.evidence, signature: block.signature)
        #expect(fromValues == block && fromValues.canonicalBytes == bytes)
        // A follower's checked values, from the decoded bytes, are the proposer's.
        let followed = try f.state.verify(decoded)
        #expect(followed.transactions.map(\.bytes) == checked.map(\.bytes))
        #expect(followed.transactionIDs == (try f.state.verify(block)).transactionIDs)
    }
}
