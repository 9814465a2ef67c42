import Crypto
import Foundation
import Primitives
import Testing

@testable import Chain

/// The finality vectors published in docs/CONSENSUS.md, recomputed from the code, so another
/// implementation checks its vote signing and certificate encoding against the same table.
enum FinalityVectors {
    static let suite = SchnorrSecp256k1Suite()

    static func key(_ byte: UInt8) throws -> any SigningKey { try suite.signingKey(secret: [UInt8](repeating: byte, count: 32)) }

    static func computed() throws -> [(name: String, hex: String)] {
        let keys = try [0x11, 0x22, 0x33, 0x44].map { try key(UInt8($0)) }
        let set = try ValidatorSet(members: zip(keys, [3, 1, 1, 1] as [UInt64]).map { .init(key: $0.publicKey, stake: $1) }, suite: suite)
        let target = VoteTarget(
            chainID: try Hash256(bytes: [UInt8](repeating: 0xC1, count: 32)), height: 7, round: 1, phase: .precommit,
            blockID: try Hash256(bytes: [UInt8](repeating: 0xB7, count: 32)))
        let nilTarget = VoteTarget(chainID: target.chainID, height: 7, round: 1, phase: .prevote, blockID: nil)
        func vote(_ index: UInt16) throws -> Vote { try Vote.signed(target, index: index, key: keys[Int(index)], suite: suite) }
        var signatures: [UInt16: Signature] = [:]
        for index in [0, 2] as [UInt16] { signatures[index] = try vote(index).signature }
        let certificate = Certificate(target: target, setSize: set.count, signatures: signatures)
        let schedule = (0..<6).map { String(set.proposer(height: UInt64($0), round: 0)) }.joined()
        return [
            ("finality_validator_set", Hex.encode(set.canonicalBytes)),
            ("finality_validator_set_hash", Hex.encode(set.hash.bytes)),
            ("finality_proposers_heights_0_to_5", schedule),
            ("finality_vote_target", Hex.encode(target.canonicalBytes)),
            ("finality_vote_target_nil", Hex.encode(nilTarget.canonicalBytes)),
            ("finality_vote_signing_hash", Hex.encode(target.signingHash(suite: suite).bytes)),
            ("finality_vote_0", Hex.encode(try vote(0).canonicalBytes)),
            ("finality_certificate", Hex.encode(certificate.canonicalBytes)),
        ]
    }

    /// Rows `| \`finality_…\` | \`value\` |` of docs/CONSENSUS.md.
    static func published() throws -> [String: String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/CONSENSUS.md"), encoding: .utf8)
        var rows: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `finality_") {
            let cells = line.split(separator: "|").map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            }
            if cells.count >= 2 { rows[cells[0]] = cells[1] }
        }
        return rows
    }
}

@Suite("docs/CONSENSUS.md finality vectors")
struct ConsensusVectorTests {
    @Test("every published finality vector equals what the code computes, byte for byte")
    func vectorsMatch() throws {
        let published = try FinalityVectors.published()
        let computed = try FinalityVectors.computed()
        #expect(published.count == computed.count, "docs/CONSENSUS.md publishes \(published.keys.sorted())")
        for (name, hex) in computed {
            #expect(published[name] == hex, "\(name): code computes \(hex)")
        }
    }
}
