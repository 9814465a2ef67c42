import Crypto
import Primitives
import PropertyBased
import TestSupport
import Testing

@testable import Ledger

@Suite("Ledger: peg-in (mint) rules")
struct PegInTests {
    @Test("a mint of a K-deep deposit with 2 of 3 federation signatures is valid and spends the deposit")
    func goodMint() throws {
        let f = PegFixture()
        let mint = f.signMint(f.mint(), by: f.goodSigners)
        let spent = try f.validator().validate(mint, view: f.ledger.utxos)
        #expect(spent == [f.deposit.outputs[0]])
        #expect(mint.isPegIn)
        // Any two members will do, and all three too.
        try f.validate(f.signMint(f.mint(), by: [(0, f.members[0]), (1, f.members[1])]))
        try f.validate(f.signMint(f.mint(), by: [(0, f.members[0]), (1, f.members[1]), (2, f.members[2])]))
    }

    @Test("one federation signature is multisig_threshold_not_met (3015)")
    func tooFewSignatures() {
        let f = PegFixture()
        let mint = f.signMint(f.mint(), by: [(1, f.members[1])])
        #expect(throws: LedgerError.multisigThresholdNotMet(input: 0, valid: 1, required: 2)) { try f.validate(mint) }
    }

    @Test("a forged signature (a member's, of another message) is bad_signature (3014)")
    func forgedSignature() throws {
        let f = PegFixture()
        let forged = try f.suite.sign(f.suite.hash(.signatureHash, [1]).bytes, with: f.members[0])
        let signed = f.signMint(f.mint(), by: [(2, f.members[2])])
        guard case .pegIn(let evidence) = signed.inputs[0].witness else {
            Issue.record("no evidence")
            return
        }
        var mint = signed
        mint.inputs[0].witness = .pegIn(evidence.withSignatures([KeySignature(keyIndex: 0, signature: forged)] + evidence.signatures))
        #expect(throws: LedgerError.badSignature(input: 0)) { try f.validate(mint) }
    }

    @Test("a signature by a non-member under a member's index is bad_signature; an index past the keys is wrong_witness")
    func nonMember() {
        let f = PegFixture()
        #expect(throws: LedgerError.badSignature(input: 0)) {
            try f.validate(f.signMint(f.mint(), by: [(0, f.members[0]), (1, f.outsider)]))
        }
        #expect(throws: LedgerError.wrongWitness(input: 0, reason: "multisig key indexes must ascend and be in range")) {
            try f.validate(f.signMint(f.mint(), by: [(0, f.members[0]), (3, f.outsider)]))
        }
    }

    @Test("signatures made for another chain do not mint here (bad_signature)")
    func otherChain() {
        let f = PegFixture()
        let suite = f.suite
        let signers = f.goodSigners
        let unsigned = f.mint()
        let mint = unsigned.withWitnesses(chainID: f.ledger.otherChainID, suite: suite) { _, sighash in
            .pegIn(
                f.evidence().withSignatures(signers.map { KeySignature(keyIndex: $0.0, signature: try! suite.sign(sighash, with: $0.1)) }))
        }
        #expect(throws: LedgerError.badSignature(input: 0)) { try f.validate(mint) }
    }

    @Test("a wrong, short, or other header's Merkle proof is peg_in_bad_proof (3214)")
    func badProofs() throws {
        let f = PegFixture()
        let good = f.proof
        #expect(good.verifies(leaf: f.deposit.canonicalBytes, root: f.mined[0].transactionRoot, suite: f.suite))
        var siblings = good.siblings
        siblings[0] = f.suite.hash(.merkleLeaf, [9])
        let wrong = MerkleProof(leafIndex: good.leafIndex, leafCount: good.leafCount, siblings: siblings)
        let short = MerkleProof(leafIndex: good.leafIndex, leafCount: good.leafCount, siblings: Array(good.siblings.dropLast()))
        let otherIndex = MerkleProof(leafIndex: 0, leafCount: good.leafCount, siblings: good.siblings)
        for proof in [wrong, short, otherIndex] {
            let mint = f.signMint(f.mint(evidence: f.evidence(proof: proof)), by: f.goodSigners)
            #expect(throws: LedgerError.pegInBadProof(input: 0)) { try f.validate(mint) }
        }
        // The right proof, naming another header of the best chain (whose root lacks the deposit).
        let other = f.signMint(f.mint(evidence: f.evidence(blockHash: f.mined[1].hash(suite: f.suite))), by: f.goodSigners)
        #expect(throws: LedgerError.pegInBadProof(input: 0)) { try f.validate(other) }
    }

    @Test("a header the tree does not hold is peg_in_unknown_block (3213)")
    func unknownBlock() {
        let f = PegFixture()
        let unknown = f.suite.hash(.mainChainHeader, [1])
        let mint = f.signMint(f.mint(evidence: f.evidence(blockHash: unknown)), by: f.goodSigners)
        #expect(throws: LedgerError.pegInUnknownBlock(input: 0, blockHash: unknown)) { try f.validate(mint) }
    }

    @Test("a deposit in a side-branch header is peg_in_block_not_on_best_chain (3215), however deep the branch")
    func sideBranch() throws {
        var f = PegFixture()
        // A sibling of block 1 with the same transactions: stored, but the best chain has more work.
        let genesis = try #require(f.headers.entry(f.parameters.genesisHeader.hash(suite: f.suite)))
        let side = f.mine(root: f.mined[0].transactionRoot, parent: genesis, timestampStepMs: 1_500)
        let sideHash = side.hash(suite: f.suite)
        #expect(f.headers.entry(sideHash) != nil)
        #expect(f.headers.confirmations(of: sideHash) == nil)
        let mint = f.signMint(f.mint(evidence: f.evidence(blockHash: sideHash)), by: f.goodSigners)
        #expect(throws: LedgerError.pegInBlockNotOnBestChain(input: 0, blockHash: sideHash)) { try f.validate(mint) }
    }

    @Test("a deposit K − 1 deep is peg_in_not_deep_enough (3216); one more header makes it mint")
    func notDeepEnough() throws {
        var f = PegFixture(extraHeaders: Int(PegFixture.confirmationsRequired) - 2)
        let mint = f.signMint(f.mint(), by: f.goodSigners)
        #expect(throws: LedgerError.pegInNotDeepEnough(input: 0, confirmations: 2, required: 3)) { try f.validate(mint) }
        f.mine(root: .zero)
        try f.validate(mint)
    }

    @Test("a reorg that drops the deposit's block makes the same mint invalid again")
    func reorgDropsDeposit() throws {
        var f = PegFixture()
        let mint = f.signMint(f.mint(), by: f.goodSigners)
        try f.validate(mint)
        // A heavier branch from genesis without the deposit: four headers against three.
        var cursor = try #require(f.headers.entry(f.parameters.genesisHeader.hash(suite: f.suite)))
        for index in 0..<4 {
            let header = f.mine(root: f.suite.hash(.merkleLeaf, [0xB0, UInt8(index)]), parent: cursor, timestampStepMs: 1_100)
            cursor = try #require(f.headers.entry(header.hash(suite: f.suite)))
        }
        #expect(throws: LedgerError.pegInBlockNotOnBestChain(input: 0, blockHash: f.blockHash)) { try f.validate(mint) }
    }

    @Test("a deposit below its asset's minimum is peg_in_below_minimum (3210); an unpegged asset is peg_in_asset_not_pegged (3209)")
    func minimumsAndAssets() {
        var f = PegFixture()
        f.depositMinimums = [f.ledger.btc: Amount(PegFixture.depositUnits + 1)]
        let mint = f.signMint(f.mint(), by: f.goodSigners)
        #expect(throws: LedgerError.pegInBelowMinimum(input: 0, amount: 5_000, minimum: 5_001)) { try f.validate(mint) }
        f.depositMinimums = [f.ledger.btc: Amount(PegFixture.depositUnits)]
        #expect(throws: Never.self) { try f.validate(mint) }
        f.depositMinimums = [f.ledger.usdt: Amount(1)]
        #expect(throws: LedgerError.pegInAssetNotPegged(input: 0, asset: f.ledger.btc)) { try f.validate(mint) }
    }

    @Test("a destination that does not decode, or is not a payout program, is peg_in_malformed_destination (3211)")
    func malformedDestination() {
        let ledger = LedgerFixture()
        let order = ledger.order(by: ledger.alice, requesting: ledger.usdt, price: (1, 1))
        let cases: [([UInt8], String)] = [
            ([0xFF], "does not decode: control_program: unknown tag 255"),
            (ledger.payTo(ledger.alice).canonicalBytes + [0], "does not decode: 1 bytes after the end of the value"),
            (order.canonicalBytes, "is not pay-to-key or multisig"),
            (ControlProgram.multisig(threshold: 3, keys: [ledger.alice.publicKey]).canonicalBytes, "multisig needs 1 ≤ m ≤ n ≤ 16"),
        ]
        for (destination, reason) in cases {
            let f = PegFixture(destination: destination)
            let mint = f.signMint(f.mint(), by: f.goodSigners)
            #expect(throws: LedgerError.pegInMalformedDestination(input: 0, reason: reason)) { try f.validate(mint) }
        }
    }

    @Test("mint outputs must mirror the deposit: asset, amount and program (3212), one per input (3204)")
    func outputMismatch() {
        let f = PegFixture()
        let l = f.ledger
        let cases: [([Output], LedgerError)] = [
            ([l.output(l.usdt, 5_000, l.payTo(l.alice))], .pegInOutputMismatch(input: 0, reason: "asset differs")),
            ([l.output(l.btc, 4_999, l.payTo(l.alice))], .pegInOutputMismatch(input: 0, reason: "amount 4999, deposit 5000")),
            ([l.output(l.btc, 5_000, l.payTo(l.bob))], .pegInOutputMismatch(input: 0, reason: "program is not the deposit's destination")),
            (
                [l.output(l.btc, 4_000, l.payTo(l.alice)), l.output(l.btc, 1_000, l.payTo(l.alice))],
                .pegInOutputCount(inputs: 1, outputs: 2)
            ),
        ]
        for (outputs, error) in cases {
            let mint = f.signMint(f.mint(outputs: outputs), by: f.goodSigners)
            #expect(throws: error) { try f.validate(mint) }
        }
    }

    @Test("a mint with another kind of input is peg_in_mixed_transaction (3202); a fee is peg_in_fee_not_zero (3203)")
    func mixedAndFee() {
        var f = PegFixture()
        let coin = f.ledger.fund(f.ledger.native, 100, f.ledger.payTo(f.ledger.alice))
        let base = f.mint()
        let mixed = Transaction(
            inputs: base.inputs + [Input(spending: coin, witness: .signature(LedgerFixture.unsigned))],
            outputs: base.outputs + [f.ledger.output(f.ledger.native, 100, f.ledger.payTo(f.ledger.alice))])
        let signedMixed = f.ledger.sign(f.signMint(mixed, by: f.goodSigners), keys: [1: f.ledger.alice])
        #expect(throws: LedgerError.pegInMixedTransaction(input: 1)) { try f.validate(signedMixed) }
        let withFee = f.signMint(f.mint(fee: 1), by: f.goodSigners)
        #expect(throws: LedgerError.pegInFeeNotZero(fee: 1)) { try f.validate(withFee) }
    }

    @Test("the input must spend the deposit's main-chain output ID (3206), which exists (3205) and is a deposit (3207)")
    func depositOutput() {
        let f = PegFixture()
        let elsewhere = f.suite.hash(.outputID, [0x77])
        #expect(throws: LedgerError.pegInWrongOutputID(input: 0, expected: f.depositOutputID)) {
            try f.validate(f.signMint(f.mint(spending: elsewhere), by: f.goodSigners))
        }
        #expect(throws: LedgerError.pegInDepositOutputMissing(input: 0, outputIndex: 5, outputCount: 2)) {
            try f.validate(f.signMint(f.mint(evidence: f.evidence(outputIndex: 5)), by: f.goodSigners))
        }
        let change = Transaction.outputID(transactionID: f.deposit.id(suite: f.suite), index: 1, suite: f.suite)
        #expect(throws: LedgerError.pegInNotADeposit(input: 0)) {
            try f.validate(f.signMint(f.mint(evidence: f.evidence(outputIndex: 1), spending: change), by: f.goodSigners))
        }
    }

    @Test("the same deposit twice in one mint is duplicate_input (3007)")
    func duplicateDeposit() {
        let f = PegFixture()
        let one = f.mint()
        let twice = Transaction(inputs: one.inputs + one.inputs, outputs: one.outputs + one.outputs)
        #expect(throws: LedgerError.duplicateInput(input: 1)) { try f.validate(f.signMint(twice, by: f.goodSigners)) }
    }

    @Test("without a peg the chain refuses every mint (3201); another federation's deposit is peg_in_wrong_federation (3208)")
    func pegDisabledAndWrongFederation() {
        let f = PegFixture()
        let mint = f.signMint(f.mint(), by: f.goodSigners)
        #expect(throws: LedgerError.pegInNotEnabled) { try f.validate(mint, peg: .some(nil)) }
        let other = PegContext(
            federation: FederationKeys(threshold: 2, keys: Array(f.federation.keys.reversed())),
            confirmationsRequired: PegFixture.confirmationsRequired, depositMinimums: f.depositMinimums, headers: f.headers)
        #expect(throws: LedgerError.pegInWrongFederation(input: 0)) { try f.validate(mint, peg: other) }
    }

    @Test("a peg-in witness on an ordinary spend never reaches the view: the whole transaction is judged as a mint")
    func pegInAgainstViewOutput() {
        var f = PegFixture()
        let coin = f.ledger.fund(f.ledger.btc, 5_000, f.ledger.payTo(f.ledger.alice))
        let mint = f.signMint(f.mint(spending: coin), by: f.goodSigners)
        #expect(throws: LedgerError.pegInWrongOutputID(input: 0, expected: f.depositOutputID)) { try f.validate(mint) }
    }

    @Test("a signed mint survives the canonical codec and validates after decoding")
    func mintRoundTrip() throws {
        let f = PegFixture()
        let mint = f.signMint(f.mint(), by: f.goodSigners)
        let decoded = try Transaction.decode(mint.canonicalBytes)
        #expect(decoded == mint)
        #expect(decoded.id(suite: f.suite) == mint.id(suite: f.suite))
        try f.validate(decoded)
    }

    @Test(
        "seeded: a deposit anywhere in a block of 1 to 20 mints with any 2 or 3 members' signatures, never with fewer, and never with another leaf's proof"
    )
    func seededMints() throws {
        var rng = seededRandom(0x9E6_0001)
        for _ in 0..<24 {
            let blockSize = Gen.int(in: 1...20).run(using: &rng)
            let index = Gen.int(in: 0...(blockSize - 1)).run(using: &rng)
            let f = PegFixture(blockSize: blockSize, depositIndex: index)
            let signers = (0..<3).filter { _ in Gen.bool.run(using: &rng) }.map { (UInt8($0), f.members[$0]) }
            let mint = f.signMint(f.mint(), by: signers)
            if signers.count >= 2 {
                try f.validate(mint)
            } else {
                #expect(throws: LedgerError.multisigThresholdNotMet(input: 0, valid: signers.count, required: 2)) { try f.validate(mint) }
            }
            guard blockSize > 1 else { continue }
            let other = (index + Gen.int(in: 1...(blockSize - 1)).run(using: &rng)) % blockSize
            let hashes = f.block.map { MerkleTree.leafHash($0.canonicalBytes, suite: f.suite) }
            let wrong = MerkleTree.proof(ofLeafAt: other, inHashes: hashes, suite: f.suite)
            let forged = f.signMint(f.mint(evidence: f.evidence(proof: wrong)), by: f.goodSigners)
            #expect(throws: LedgerError.pegInBadProof(input: 0), "block of \(blockSize), deposit \(index), proof of \(other)") {
                try f.validate(forged)
            }
        }
    }
}
