/// Identifies an asset on the ledger: the tagged hash of its issuance definition, fixed at
/// genesis or at peg-in registration. The native (fee) asset is fixed by the chain's genesis.
public struct AssetID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The asset's 32-byte identity.
    public let hash: Hash256

    public init(_ hash: Hash256) { self.hash = hash }

    public var description: String { hash.description }

    public static func < (lhs: AssetID, rhs: AssetID) -> Bool { lhs.hash < rhs.hash }
}
