import Crypto
import Primitives
import Testing

@Suite struct MerkleProofTests {
    let suite = SchnorrSecp256k1Suite()

    func leaves(_ count: Int) -> [[UInt8]] { (0..<count).map { [UInt8(truncatingIfNeeded: $0), 0x4C] } }

    /// Every leaf of trees of 1 to 33 leaves (every shape of promoted odd nodes) proves into
    /// the root `MerkleTree` computes, and the proof survives its canonical encoding.
    @Test func everyLeafProvesIntoTheRoot() throws {
        for count in 1...33 {
            let leaves = leaves(count)
            let hashes = leaves.map { MerkleTree.leafHash($0, suite: suite) }
            let root = MerkleTree.root(of: leaves, suite: suite)
            for index in 0..<count {
                let proof = MerkleTree.proof(ofLeafAt: index, inHashes: hashes, suite: suite)
                #expect(proof.verifies(leaf: leaves[index], root: root, suite: suite), "leaf \(index) of \(count)")
                #expect(try MerkleProof(canonicalBytes: proof.canonicalBytes) == proof)
                if count > 1 {
                    #expect(!proof.verifies(leaf: leaves[(index + 1) % count], root: root, suite: suite))
                }
            }
        }
    }

    @Test func aProofThatDoesNotFitItsPositionNeverVerifies() {
        let leaves = leaves(7)
        let hashes = leaves.map { MerkleTree.leafHash($0, suite: suite) }
        let root = MerkleTree.root(of: leaves, suite: suite)
        let proof = MerkleTree.proof(ofLeafAt: 5, inHashes: hashes, suite: suite)
        let short = MerkleProof(leafIndex: 5, leafCount: 7, siblings: Array(proof.siblings.dropLast()))
        let long = MerkleProof(leafIndex: 5, leafCount: 7, siblings: proof.siblings + [hashes[0]])
        let moved = MerkleProof(leafIndex: 4, leafCount: 7, siblings: proof.siblings)
        let outside = MerkleProof(leafIndex: 7, leafCount: 7, siblings: proof.siblings)
        // In a tree of 6 the leaf's pair is promoted one level up: one sibling fewer.
        let recounted = MerkleProof(leafIndex: 5, leafCount: 6, siblings: proof.siblings)
        var tampered = proof.siblings
        tampered[0] = hashes[0]
        for bad in [short, long, moved, outside, recounted, MerkleProof(leafIndex: 5, leafCount: 7, siblings: tampered)] {
            #expect(!bad.verifies(leaf: leaves[5], root: root, suite: suite))
        }
        #expect(short.root(forLeafHash: hashes[5], suite: suite) == nil)
        #expect(long.root(forLeafHash: hashes[5], suite: suite) == nil)
    }

    @Test func decodingRefusesMoreSiblingsThanATreeCanHave() {
        var writer = ByteWriter()
        writer.write(UInt32(0))
        writer.write(UInt32(1))
        writer.writeVarint(UInt64(MerkleProof.siblingsMax + 1))
        #expect(throws: PrimitivesError.self) { try MerkleProof(canonicalBytes: writer.bytes) }
    }
}
