import Crypto
import Primitives

/// An unspent main-chain output and the block that created it: what the main chain's UTXO set
/// holds and its RPC's output query answers, and what a `MainChainClient` returns.
public struct MainChainOutputRecord: Hashable, Sendable, CanonicalCodable {
    public let output: Output
    public let blockHash: Hash256
    public let height: UInt64

    public init(output: Output, blockHash: Hash256, height: UInt64) {
        self.output = output
        self.blockHash = blockHash
        self.height = height
    }

    public func encode(to writer: inout ByteWriter) {
        output.encode(to: &writer)
        writer.write(blockHash)
        writer.write(height)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(output: try Output(from: &reader), blockHash: try reader.readHash(), height: try reader.readUInt64())
    }
}
