import Crypto
import Primitives

/// Binary Merkle roots with domain-separated leaves and nodes. An odd node is promoted to
/// the next level unchanged, never paired with itself, so two different lists can never
/// share a root (the duplicated-last-leaf ambiguity of Bitcoin's tree).
public enum MerkleTree {
    /// The root over `leaves` (each already a canonical encoding); zero for no leaves.
    public static func root(of leaves: [[UInt8]], suite: any CryptoSuite) -> Hash256 {
        root(ofHashes: leaves.map { leafHash($0, suite: suite) }, suite: suite)
    }

    /// The hash a leaf (a canonical encoding) enters the tree as.
    public static func leafHash(_ leaf: [UInt8], suite: any CryptoSuite) -> Hash256 {
        suite.hash(.merkleLeaf, leaf)
    }

    /// The root over leaf hashes computed elsewhere.
    public static func root(ofHashes hashes: [Hash256], suite: any CryptoSuite) -> Hash256 {
        guard !hashes.isEmpty else { return .zero }
        var level = hashes
        while level.count > 1 {
            var next = [Hash256]()
            next.reserveCapacity((level.count + 1) / 2)
            var index = 0
            while index + 1 < level.count {
                next.append(suite.hash(.merkleNode, level[index].bytes + level[index + 1].bytes))
                index += 2
            }
            if index < level.count { next.append(level[index]) }
            level = next
        }
        return level[0]
    }
}
