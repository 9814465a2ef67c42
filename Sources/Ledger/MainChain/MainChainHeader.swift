import Crypto
import Primitives

/// A block header of the proof-of-work main chain (`MainChain`, the devnet the peg talks to).
/// The sidechain keeps a chain of these (`HeaderTree`) to judge deposits by, so the format
/// and its rules live here, below both chains.
public struct MainChainHeader: Hashable, Sendable, CanonicalCodable {
    public static let currentVersion: UInt8 = 1
    /// The encoding's size: version, height, two hashes, timestamp, bits, nonce.
    public static let encodedBytes = 1 + 8 + 32 + 32 + 8 + 4 + 8

    public let version: UInt8
    /// 0 for the genesis header.
    public let height: UInt64
    /// The parent's hash (zero for genesis).
    public let previousHash: Hash256
    /// `MerkleTree.root(of:)` over the block's transactions' canonical encodings, in order.
    public let transactionRoot: Hash256
    /// The miner's clock; must exceed the median of the previous 11 (`HeaderTree`).
    public let timestampMs: UInt64
    /// The target this header's hash must not exceed, in compact form (`CompactTarget`).
    public let targetBits: UInt32
    public let nonce: UInt64

    public init(
        version: UInt8 = MainChainHeader.currentVersion, height: UInt64, previousHash: Hash256, transactionRoot: Hash256,
        timestampMs: UInt64, targetBits: UInt32, nonce: UInt64
    ) {
        self.version = version
        self.height = height
        self.previousHash = previousHash
        self.transactionRoot = transactionRoot
        self.timestampMs = timestampMs
        self.targetBits = targetBits
        self.nonce = nonce
    }

    /// The same header with another nonce (the miner's loop).
    public func withNonce(_ nonce: UInt64) -> MainChainHeader {
        MainChainHeader(
            version: version, height: height, previousHash: previousHash, transactionRoot: transactionRoot,
            timestampMs: timestampMs, targetBits: targetBits, nonce: nonce)
    }

    /// The block's identity and its proof of work: the tagged hash of the encoding, read as
    /// a big-endian number (`UInt256(bigEndian:)`) against the target.
    public func hash(suite: any CryptoSuite) -> Hash256 { suite.hash(.mainChainHeader, canonicalBytes) }

    public func encode(to writer: inout ByteWriter) {
        writer.write(version)
        writer.write(height)
        writer.write(previousHash)
        writer.write(transactionRoot)
        writer.write(timestampMs)
        writer.write(targetBits)
        writer.write(nonce)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let version = try reader.readUInt8()
        guard version == Self.currentVersion else { throw .unknownTag(field: "main_chain_header.version", tag: UInt64(version)) }
        self.init(
            version: version, height: try reader.readUInt64(), previousHash: try reader.readHash(),
            transactionRoot: try reader.readHash(), timestampMs: try reader.readUInt64(), targetBits: try reader.readUInt32(),
            nonce: try reader.readUInt64())
    }
}
