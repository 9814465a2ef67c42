import Crypto
import Primitives

/// Why and when the peg stopped minting: a reorganization of the sidechain's main-chain
/// header tree that disconnected at least K headers, so deposits already minted may no longer
/// be on the main chain's best chain. Every validator sees the same headers in the same
/// order, so every validator halts at the same block. Trading goes on; only mints stop, for
/// good (an operator decides what happens next, out of band).
public struct PegHalt: Hashable, Sendable, CanonicalCodable, CustomStringConvertible {
    /// The sidechain block whose headers caused the reorganization.
    public let height: UInt64
    /// How many best-chain headers it disconnected (≥ K).
    public let disconnectedHeaders: UInt64
    /// The best main-chain header before the reorganization.
    public let formerTip: Hash256

    public init(height: UInt64, disconnectedHeaders: UInt64, formerTip: Hash256) {
        self.height = height
        self.disconnectedHeaders = disconnectedHeaders
        self.formerTip = formerTip
    }

    public var description: String {
        "block \(height): a main-chain reorganization disconnected \(disconnectedHeaders) headers from \(formerTip)"
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(height)
        writer.write(disconnectedHeaders)
        writer.write(formerTip)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(height: try reader.readUInt64(), disconnectedHeaders: try reader.readUInt64(), formerTip: try reader.readHash())
    }
}
