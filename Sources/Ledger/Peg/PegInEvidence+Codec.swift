import Crypto
import Primitives

// The deposit transaction (canonical, witnesses included: the proof is of those bytes), the
// output index, the block hash, the Merkle proof, the signatures. The deposit is a main-chain
// transaction, which never mints: its own witnesses may not be peg-ins, so evidence never
// nests and decoding recurses at most once.
extension PegInEvidence: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        deposit.encode(to: &writer)
        writer.write(outputIndex)
        writer.write(blockHash)
        proof.encode(to: &writer)
        writer.writeArray(signatures)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let deposit = try Transaction(from: &reader, limits: .user, allowsPegIn: false)
        self.init(
            deposit: deposit, outputIndex: try reader.readUInt32(), blockHash: try reader.readHash(),
            proof: try MerkleProof(from: &reader),
            signatures: try reader.readArray(of: KeySignature.self, field: "peg_in.signatures", limit: Self.signaturesMax))
    }
}
