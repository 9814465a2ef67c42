import Crypto
import Primitives

@testable import Ledger

/// A main chain and a peg for mint and peg-out tests: a 2-of-3 federation, a header tree
/// mined at the easiest target, a block holding a deposit, and the mint that claims it.
struct PegFixture {
    static let easiestBits: UInt32 = 0x207f_ffff
    static let confirmationsRequired: UInt64 = 3
    static let depositUnits: UInt64 = 5_000

    var ledger = LedgerFixture()
    let members: [any SigningKey]
    let outsider: any SigningKey
    let federation: FederationKeys
    let parameters: MainChainParameters
    var headers: HeaderTree
    /// The best chain's headers above genesis, by height − 1.
    var mined: [MainChainHeader] = []
    /// The main-chain block holding the deposit (at height 1): its transactions.
    var block: [Transaction] = []
    var deposit: Transaction
    /// The deposit's position in its block.
    let depositIndex: Int
    var depositMinimums: [AssetID: Amount]

    var suite: any CryptoSuite { ledger.suite }

    /// A deposit of `units` BTC to `destination` (Alice's pay-to-key by default), transaction
    /// `depositIndex` of the `blockSize` in block 1, with `extraHeaders` headers mined on top
    /// (K − 1 makes it exactly K deep).
    init(
        units: UInt64 = PegFixture.depositUnits, destination: [UInt8]? = nil,
        extraHeaders: Int = Int(PegFixture.confirmationsRequired) - 1, blockSize: Int = 3, depositIndex: Int = 1
    ) {
        precondition(depositIndex < blockSize, "the deposit is in the block")
        self.depositIndex = depositIndex
        let suite = ledger.suite
        members = [0xF1, 0xF2, 0xF3].map { try! suite.signingKey(secret: [UInt8](repeating: $0, count: 32)) }
        outsider = try! suite.signingKey(secret: [UInt8](repeating: 0xEE, count: 32))
        federation = FederationKeys(threshold: 2, keys: members.map(\.publicKey))
        let genesis = MainChainHeader(
            height: 0, previousHash: .zero, transactionRoot: .zero, timestampMs: 1_000_000, targetBits: Self.easiestBits, nonce: 0)
        parameters = MainChainParameters(
            genesisHeader: genesis, powLimitBits: Self.easiestBits, blockIntervalMs: 1_000, retargetIntervalBlocks: 1_000)
        headers = HeaderTree(parameters: parameters, suite: suite)
        depositMinimums = [ledger.btc: Amount(1_000)]
        let terms = FederationDeposit(
            federation: federation, destination: destination ?? ledger.payTo(ledger.alice).canonicalBytes,
            refund: ledger.payTo(ledger.bob))
        deposit = Transaction(
            inputs: [Input(spending: suite.hash(.outputID, [0xD0]), witness: .signature(LedgerFixture.unsigned))],
            outputs: [
                Output(asset: ledger.btc, amount: Amount(units), program: .federationDeposit(terms)),
                Output(asset: ledger.btc, amount: Amount(7), program: ledger.payTo(ledger.bob)),
            ])
        block = (0..<blockSize).map { index in
            Transaction(inputs: [Input(spending: suite.hash(.outputID, [0xD1, UInt8(index)]), witness: .feePayout)], outputs: [])
        }
        block[depositIndex] = deposit
        let root = MerkleTree.root(of: block.map(\.canonicalBytes), suite: suite)
        mined.append(mine(root: root))
        for index in 0..<extraHeaders { mined.append(mine(root: suite.hash(.merkleLeaf, [UInt8(index)]))) }
    }

    /// Mines a header on the best tip (or on `parent`) and accepts it into the tree.
    @discardableResult
    mutating func mine(root: Hash256, parent: HeaderTree.Entry? = nil, timestampStepMs: UInt64 = 1_000) -> MainChainHeader {
        let tip = parent ?? headers.best
        let target = CompactTarget.target(ofBits: Self.easiestBits)!
        var header = MainChainHeader(
            height: tip.header.height + 1, previousHash: tip.hash, transactionRoot: root,
            timestampMs: tip.header.timestampMs + timestampStepMs, targetBits: Self.easiestBits, nonce: 0)
        while UInt256(bigEndian: header.hash(suite: suite)) > target { header = header.withNonce(header.nonce + 1) }
        try! headers.accept(header)
        return header
    }

    var blockHash: Hash256 { mined[0].hash(suite: suite) }

    var proof: MerkleProof {
        MerkleTree.proof(ofLeafAt: depositIndex, inHashes: block.map { MerkleTree.leafHash($0.canonicalBytes, suite: suite) }, suite: suite)
    }

    func evidence(outputIndex: UInt32 = 0, blockHash: Hash256? = nil, proof: MerkleProof? = nil) -> PegInEvidence {
        PegInEvidence(
            deposit: deposit, outputIndex: outputIndex, blockHash: blockHash ?? self.blockHash, proof: proof ?? self.proof, signatures: [])
    }

    var depositOutputID: Hash256 { Transaction.outputID(transactionID: deposit.id(suite: suite), index: 0, suite: suite) }

    var pegContext: PegContext {
        PegContext(
            federation: federation, confirmationsRequired: Self.confirmationsRequired, depositMinimums: depositMinimums, headers: headers)
    }

    func validator(peg: PegContext?? = .none) -> TransactionValidator {
        let context = ValidationContext(
            chainID: ledger.chainID, height: ledger.height, nativeAsset: ledger.native, suite: suite, peg: peg ?? pegContext)
        return TransactionValidator(context: context)
    }

    /// An unsigned mint of the deposit to Alice (or `outputs`).
    func mint(evidence: PegInEvidence? = nil, spending: Hash256? = nil, outputs: [Output]? = nil, fee: UInt64 = 0) -> Transaction {
        Transaction(
            inputs: [Input(spending: spending ?? depositOutputID, witness: .pegIn(evidence ?? self.evidence()))],
            outputs: outputs ?? [ledger.output(ledger.btc, Self.depositUnits, ledger.payTo(ledger.alice))], fee: Amount(fee))
    }

    /// `transaction` with every peg-in input signed by `signers` (key index, key) over its
    /// normal signature hash, as federation members sign.
    func signMint(_ transaction: Transaction, by signers: [(UInt8, any SigningKey)]) -> Transaction {
        let suite = self.suite
        return transaction.withWitnesses(chainID: ledger.chainID, suite: suite) { index, sighash in
            guard case .pegIn(let evidence) = transaction.inputs[index].witness else { return transaction.inputs[index].witness }
            return .pegIn(
                evidence.withSignatures(
                    signers.map { keyIndex, key in
                        KeySignature(
                            keyIndex: keyIndex, signature: try! suite.sign(sighash, with: key, auxiliary: [UInt8](repeating: 0, count: 32)))
                    }))
        }
    }

    var goodSigners: [(UInt8, any SigningKey)] { [(0, members[0]), (2, members[2])] }

    func validate(_ transaction: Transaction, peg: PegContext?? = .none) throws(LedgerError) {
        try validator(peg: peg).validate(transaction, view: ledger.utxos)
    }
}
