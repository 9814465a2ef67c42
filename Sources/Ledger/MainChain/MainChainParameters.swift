import Crypto
import Primitives

/// The main chain's consensus constants that every judge of its headers needs: the main
/// chain's own nodes, and the sidechain, whose genesis carries a copy so that its validators
/// check main-chain headers exactly as the main chain does.
public struct MainChainParameters: Hashable, Sendable, CanonicalCodable {
    /// Bitcoin's median-time-past window.
    public static let medianTimeSpan = 11
    /// Bounds on a devnet's retarget window (at least two headers to measure a span).
    public static let retargetIntervalBlocksRange: ClosedRange<UInt64> = 2...4_032
    /// A retarget moves the target at most this factor either way.
    public static let retargetClampFactor: UInt64 = 4

    /// Height 0; its hash is the main chain's identity.
    public let genesisHeader: MainChainHeader
    /// The easiest target allowed (compact form); the genesis header's target.
    public let powLimitBits: UInt32
    /// The block interval the difficulty aims at.
    public let blockIntervalMs: UInt64
    /// Headers per difficulty period: the target changes at heights that are multiples.
    public let retargetIntervalBlocks: UInt64

    public init(genesisHeader: MainChainHeader, powLimitBits: UInt32, blockIntervalMs: UInt64, retargetIntervalBlocks: UInt64) {
        self.genesisHeader = genesisHeader
        self.powLimitBits = powLimitBits
        self.blockIntervalMs = blockIntervalMs
        self.retargetIntervalBlocks = retargetIntervalBlocks
    }

    /// Why these parameters cannot define a chain, or nil when they can.
    public func problem() -> String? {
        guard let powLimit = CompactTarget.target(ofBits: powLimitBits) else { return "pow_limit_bits is not a valid target" }
        guard blockIntervalMs > 0 else { return "block_interval_ms must be positive" }
        guard Self.retargetIntervalBlocksRange.contains(retargetIntervalBlocks) else {
            return "retarget_interval_blocks must be in \(Self.retargetIntervalBlocksRange)"
        }
        guard genesisHeader.height == 0, genesisHeader.previousHash == .zero else {
            return "the genesis header has height 0 and no parent"
        }
        guard let target = CompactTarget.target(ofBits: genesisHeader.targetBits), target <= powLimit else {
            return "the genesis header's target must be valid and within pow_limit_bits"
        }
        return nil
    }

    public func encode(to writer: inout ByteWriter) {
        genesisHeader.encode(to: &writer)
        writer.write(powLimitBits)
        writer.write(blockIntervalMs)
        writer.write(retargetIntervalBlocks)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(
            genesisHeader: try MainChainHeader(from: &reader), powLimitBits: try reader.readUInt32(),
            blockIntervalMs: try reader.readUInt64(), retargetIntervalBlocks: try reader.readUInt64())
    }
}
