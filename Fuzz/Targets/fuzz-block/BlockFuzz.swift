import Chain
import FuzzSupport
import Primitives

// Block.decode, the entry point for blocks from peers and the store, and the roots a
// verifier computes from a decoded block.

/// The `fuzz-block` target (picked by `FuzzDispatch`).
func fuzzBlock(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    guard let block = try? Block.decode(bytes) else { return 0 }
    CanonicalProperties.check(Block.self, bytes)
    FuzzInput.require(bytes.starts(with: block.header.canonicalBytes), "the header is not the encoding's prefix")
    FuzzInput.require((try? BlockHeader(canonicalBytes: block.header.canonicalBytes)) == block.header, "the header does not decode alone")
    let suite = FuzzFixtures.suite
    let root = Block.transactionRoot(transactions: block.transactions, cancels: block.cancels, suite: suite)
    let again = Block.transactionRoot(transactions: block.transactions, cancels: block.cancels, suite: suite)
    FuzzInput.require(root == again, "transaction root not deterministic")
    _ = Block.settlementRoot(block.settlements, suite: suite)
    _ = block.header.hash(suite: suite)
    return 0
}
