import Crypto
import Primitives
import Testing

@testable import Ledger

/// The peg's published vectors (docs/PROTOCOL.md §7): a federation-deposit program and a
/// peg-in witness, built from the fixed keys of `ProtocolVectors`.
enum PegVectors {
    static func computed() throws -> [(name: String, hex: String)] {
        let f = LedgerFixture()
        let federation = FederationKeys(threshold: 1, keys: [f.alice.publicKey, f.bob.publicKey])
        let program = ControlProgram.federationDeposit(
            FederationDeposit(federation: federation, destination: f.payTo(f.bob).canonicalBytes, refund: f.payTo(f.alice)))
        let deposit = Transaction(
            inputs: [Input(spending: try Hash256(hex: String(repeating: "ab", count: 32)), witness: .signature(LedgerFixture.unsigned))],
            outputs: [Output(asset: f.btc, amount: Amount(5_000), program: program)])
        let evidence = PegInEvidence(
            deposit: deposit, outputIndex: 0, blockHash: try Hash256(hex: String(repeating: "dd", count: 32)),
            proof: MerkleProof(leafIndex: 1, leafCount: 2, siblings: [try Hash256(hex: String(repeating: "ee", count: 32))]),
            signatures: [])
        return [
            ("federation_deposit_program", Hex.encode(program.canonicalBytes)),
            ("peg_in_witness", Hex.encode(Witness.pegIn(evidence).canonicalBytes)),
            ("peg_in_deposit_output_id", evidence.depositOutputID(suite: f.suite).description),
        ]
    }
}

@Suite("Ledger: peg encodings")
struct PegCodecTests {
    @Test("the peg vectors in docs/PROTOCOL.md equal what the code computes")
    func vectorsMatch() throws {
        let published = try ProtocolVectors.published()
        for (name, hex) in try PegVectors.computed() {
            #expect(published[name] == hex, "\(name): code computes \(hex)")
        }
    }

    @Test("program tag 7 and witness tags 10 and 11 round-trip and lead with their tags")
    func roundTrips() throws {
        let f = PegFixture()
        let program = f.deposit.outputs[0].program
        #expect(program.canonicalBytes.first == 7)
        #expect(try ControlProgram(canonicalBytes: program.canonicalBytes) == program)
        let pegIn = Witness.pegIn(f.evidence().withSignatures([KeySignature(keyIndex: 2, signature: LedgerFixture.unsigned)]))
        #expect(pegIn.canonicalBytes.first == 10)
        #expect(try Witness(canonicalBytes: pegIn.canonicalBytes) == pegIn)
        let pegOut = Witness.pegOut(
            burnOutputID: f.depositOutputID, signatures: [KeySignature(keyIndex: 1, signature: LedgerFixture.unsigned)])
        #expect(pegOut.canonicalBytes.first == 11)
        #expect(try Witness(canonicalBytes: pegOut.canonicalBytes) == pegOut)
        #expect(try FederationKeys(canonicalBytes: f.federation.canonicalBytes) == f.federation)
        #expect(
            f.federation.canonicalBytes == Array(f.federation.multisigProgram.canonicalBytes.dropFirst()),
            "federation keys encode like a multisig program's body")
    }

    @Test("a deposit's refund must be pay-to-key or multisig, and its destination at most 128 bytes, when decoded")
    func decodeBounds() throws {
        let f = PegFixture()
        let order = f.ledger.order(by: f.ledger.alice, requesting: f.ledger.usdt, price: (1, 1))
        let badRefund = ControlProgram.federationDeposit(FederationDeposit(federation: f.federation, destination: [1], refund: order))
        #expect(throws: PrimitivesError.unknownTag(field: "federation_deposit.refund", tag: 3)) {
            try ControlProgram(canonicalBytes: badRefund.canonicalBytes)
        }
        let long = ControlProgram.federationDeposit(
            FederationDeposit(
                federation: f.federation, destination: [UInt8](repeating: 1, count: 129), refund: f.ledger.payTo(f.ledger.bob)))
        #expect(throws: PrimitivesError.lengthLimitExceeded(field: "federation_deposit.destination", length: 129, limit: 128)) {
            try ControlProgram(canonicalBytes: long.canonicalBytes)
        }
    }

    @Test("a peg-in whose deposit itself carries a peg-in does not decode: evidence never nests")
    func noNesting() throws {
        let f = PegFixture()
        let inner = f.signMint(f.mint(), by: f.goodSigners)
        let nested = PegInEvidence(deposit: inner, outputIndex: 0, blockHash: f.blockHash, proof: f.proof, signatures: [])
        #expect(throws: PrimitivesError.unknownTag(field: "peg_in.deposit.witness", tag: 10)) {
            try Witness(canonicalBytes: Witness.pegIn(nested).canonicalBytes)
        }
    }

    @Test("checkWellFormed: federation bounds, destination 1…128 bytes, payout refund (invalid_program, 3009)")
    func wellFormed() {
        let f = PegFixture()
        let l = f.ledger
        func deposit(_ federation: FederationKeys, _ destination: [UInt8], _ refund: ControlProgram) -> ControlProgram {
            .federationDeposit(FederationDeposit(federation: federation, destination: destination, refund: refund))
        }
        let keys = f.federation.keys
        let cases: [(ControlProgram, String?)] = [
            (deposit(f.federation, [1], l.payTo(l.bob)), nil),
            (deposit(f.federation, [1], f.federation.multisigProgram), nil),
            (deposit(FederationKeys(threshold: 0, keys: keys), [1], l.payTo(l.bob)), "a federation needs 1 ≤ m ≤ n ≤ 16"),
            (deposit(FederationKeys(threshold: 4, keys: keys), [1], l.payTo(l.bob)), "a federation needs 1 ≤ m ≤ n ≤ 16"),
            (deposit(FederationKeys(threshold: 1, keys: [keys[0], keys[0]]), [1], l.payTo(l.bob)), "federation keys must be distinct"),
            (deposit(f.federation, [], l.payTo(l.bob)), "a deposit destination has 1 to 128 bytes"),
            (deposit(f.federation, [UInt8](repeating: 1, count: 129), l.payTo(l.bob)), "a deposit destination has 1 to 128 bytes"),
            (deposit(f.federation, [1], .feePool), "a deposit refund must be pay-to-key or multisig"),
            (deposit(f.federation, [1], .multisig(threshold: 2, keys: [keys[0]])), "multisig needs 1 ≤ m ≤ n ≤ 16"),
        ]
        for (program, reason) in cases {
            #expect(program.checkWellFormed(suite: f.suite) == reason)
        }
    }
}
