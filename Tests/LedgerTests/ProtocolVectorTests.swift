import Crypto
import Foundation
@testable import Ledger
import Primitives
import Testing

/// The test vectors published in docs/PROTOCOL.md, recomputed from the code. A client in
/// another language checks itself against the same table.
enum ProtocolVectors {
    static func computed() throws -> [(name: String, hex: String)] {
        let f = LedgerFixture()
        let spent = try Hash256(hex: String(repeating: "ab", count: 32))
        let order = f.order(by: f.alice, requesting: f.usdt, price: (30_000, 1), flags: .postOnly, maxFeeBps: 25, expiry: 1_000)
        let unsigned = Transaction(
            inputs: [Input(spending: spent, witness: .signature(LedgerFixture.unsigned))],
            outputs: [
                Output(asset: f.btc, amount: Amount(10), program: order),
                Output(asset: f.native, amount: Amount(990), program: f.payTo(f.bob)),
            ],
            fee: Amount(10))
        let tx = f.sign(unsigned, keys: [0: f.alice])
        let txID = tx.id(suite: f.suite)
        guard case let .signature(signature) = tx.inputs[0].witness else { throw PrimitivesError.invalidValue(field: "witness", reason: "unsigned") }
        return [
            ("alice_public_key", f.alice.publicKey.description),
            ("bob_public_key", f.bob.publicKey.description),
            ("magnetic_order_program", Hex.encode(order.canonicalBytes)),
            ("transaction_body", Hex.encode(tx.bodyBytes)),
            ("transaction_id", txID.description),
            ("signature_hash_input_0", tx.signatureHash(inputIndex: 0, chainID: f.chainID, suite: f.suite).description),
            ("signature_input_0", signature.description),
            ("transaction_full", Hex.encode(tx.canonicalBytes)),
            ("output_id_0", Transaction.outputID(transactionID: txID, index: 0, suite: f.suite).description),
        ]
    }

    /// Rows of the form | `name` | `hex` | under "## Test vectors" in docs/PROTOCOL.md.
    static func published() throws -> [String: String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/PROTOCOL.md"), encoding: .utf8)
        var rows: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
            if cells.count >= 2 { rows[cells[0]] = cells[1] }
        }
        return rows
    }
}

@Suite("docs/PROTOCOL.md test vectors")
struct ProtocolVectorTests {
    @Test("every published vector equals what the code computes, byte for byte")
    func vectorsMatch() throws {
        let published = try ProtocolVectors.published()
        for (name, hex) in try ProtocolVectors.computed() {
            #expect(published[name] == hex, "\(name): code computes \(hex)")
        }
    }
}
