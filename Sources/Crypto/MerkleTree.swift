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

    /// The proof that the leaf at `index` is in the tree over `hashes`: its siblings from the
    /// bottom up, skipping the levels where the leaf's node is the odd one promoted unchanged.
    public static func proof(ofLeafAt index: Int, inHashes hashes: [Hash256], suite: any CryptoSuite) -> MerkleProof {
        precondition(hashes.indices.contains(index), "the proven leaf is in the list")
        var siblings: [Hash256] = []
        var level = hashes
        var position = index
        while level.count > 1 {
            let sibling = position ^ 1
            if sibling < level.count { siblings.append(level[sibling]) }
            var next = [Hash256]()
            next.reserveCapacity((level.count + 1) / 2)
            var pair = 0
            while pair + 1 < level.count {
                next.append(suite.hash(.merkleNode, level[pair].bytes + level[pair + 1].bytes))
                pair += 2
            }
            if pair < level.count { next.append(level[pair]) }
            level = next
            position /= 2
        }
        return MerkleProof(leafIndex: UInt32(index), leafCount: UInt32(hashes.count), siblings: siblings)
    }
}

/// A leaf's path to a Merkle root (`MerkleTree`): where the leaf sits, how many leaves the
/// tree has (which fixes the levels where the leaf's node is promoted without a sibling), and
/// the siblings from the bottom up. A proof whose siblings are too few or too many for its
/// position never verifies. What it proves is that the leaf is in the tree: leaves and inner
/// nodes hash under different tags, so no inner node passes for a leaf. Index and count only
/// shape the path, so two positions with the same path shape verify alike.
public struct MerkleProof: Hashable, Sendable, CanonicalCodable {
    /// A tree of up to 2^32 leaves is at most 32 levels deep.
    public static let siblingsMax = 32

    public let leafIndex: UInt32
    public let leafCount: UInt32
    public let siblings: [Hash256]

    public init(leafIndex: UInt32, leafCount: UInt32, siblings: [Hash256]) {
        self.leafIndex = leafIndex
        self.leafCount = leafCount
        self.siblings = siblings
    }

    /// The root this proof yields for `leafHash`, or nil when the proof does not fit its own
    /// position (index outside the tree, siblings left over or missing).
    public func root(forLeafHash leafHash: Hash256, suite: any CryptoSuite) -> Hash256? {
        guard leafIndex < leafCount else { return nil }
        var node = leafHash
        var position = UInt64(leafIndex)
        var width = UInt64(leafCount)
        var used = 0
        while width > 1 {
            let sibling = position ^ 1
            if sibling < width {
                guard used < siblings.count else { return nil }
                let other = siblings[used]
                used += 1
                node = suite.hash(.merkleNode, position & 1 == 0 ? node.bytes + other.bytes : other.bytes + node.bytes)
            }
            position /= 2
            width = (width + 1) / 2
        }
        return used == siblings.count ? node : nil
    }

    /// Whether `leaf` (a canonical encoding) is in the tree whose root is `root`.
    public func verifies(leaf: [UInt8], root: Hash256, suite: any CryptoSuite) -> Bool {
        self.root(forLeafHash: MerkleTree.leafHash(leaf, suite: suite), suite: suite) == root
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(leafIndex)
        writer.write(leafCount)
        writer.writeVarint(UInt64(siblings.count))
        for sibling in siblings { writer.write(sibling) }
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let leafIndex = try reader.readUInt32()
        let leafCount = try reader.readUInt32()
        let count = try reader.readCount(field: "merkle_proof.siblings", limit: Self.siblingsMax)
        var siblings: [Hash256] = []
        siblings.reserveCapacity(count)
        for _ in 0..<count { siblings.append(try reader.readHash()) }
        self.init(leafIndex: leafIndex, leafCount: leafCount, siblings: siblings)
    }
}
