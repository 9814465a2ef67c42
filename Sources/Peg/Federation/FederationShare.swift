import Crypto
import Ledger
import Primitives

/// One member's signature shares for one piece of federation work, as members exchange
/// them (`ShareExchange`): the unsigned transaction and one share per input.
///
/// Nothing in it needs to be trusted: a share counts only if it verifies against the
/// transaction under the federation key its index names, and a member signs another
/// member's transaction only after checking it (`PaymentCheck` for payments; mints and
/// refunds are rebuilt, deterministically, and must be equal). Canonical encoding, version
/// byte first: `u8 version ‖ u8 kind ‖ work ID ‖ u8 signer ‖ bytes transaction ‖
/// shares` (docs/PEG.md).
public struct FederationShare: Hashable, Sendable {
    /// What the transaction does.
    public enum Kind: UInt8, Hashable, Sendable, CaseIterable {
        /// A sidechain mint of a main-chain deposit (work ID: the deposit's output ID).
        case mint = 1
        /// A main-chain refund of a refused deposit (work ID: the deposit's output ID).
        case refund = 2
        /// A main-chain payment of a sidechain burn (work ID: the burn's output ID).
        case payment = 3

        /// Whether the transaction goes to the main chain (else the sidechain).
        public var isMainChain: Bool { self != .mint }

        public var name: String {
            switch self {
            case .mint: "mint"
            case .refund: "refund"
            case .payment: "payment"
            }
        }
    }

    /// Largest encoded share message: a mint carries its whole deposit transaction and
    /// proof, bounded here well under the transaction limit a member will handle.
    public static let encodedBytesMax = 1 << 20
    static let formatVersion: UInt8 = 1

    public let kind: Kind
    /// The deposit's main-chain output ID (mint, refund) or the burn's sidechain output ID.
    public let workID: Hash256
    /// The signer's index in the federation's keys.
    public let signer: UInt8
    /// The transaction without federation signatures.
    public let transaction: Transaction
    /// One per input, in input order.
    public let shares: [KeySignature]

    public init(kind: Kind, workID: Hash256, signer: UInt8, transaction: Transaction, shares: [KeySignature]) {
        self.kind = kind
        self.workID = workID
        self.signer = signer
        self.transaction = transaction
        self.shares = shares
    }
}

extension FederationShare: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(Self.formatVersion)
        writer.write(kind.rawValue)
        writer.write(workID)
        writer.write(signer)
        writer.writeBytes(transaction.canonicalBytes)
        writer.writeArray(shares)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let version = try reader.readUInt8()
        guard version == Self.formatVersion else { throw .unknownTag(field: "federation_share.version", tag: UInt64(version)) }
        let rawKind = try reader.readUInt8()
        guard let kind = Kind(rawValue: rawKind) else { throw .unknownTag(field: "federation_share.kind", tag: UInt64(rawKind)) }
        self.kind = kind
        workID = try reader.readHash()
        signer = try reader.readUInt8()
        let bytes = try reader.readBytes(field: "federation_share.transaction", limit: Self.encodedBytesMax)
        transaction = try Transaction(canonicalBytes: bytes)
        shares = try reader.readArray(of: KeySignature.self, field: "federation_share.shares", limit: Transaction.maxInputs)
    }
}
