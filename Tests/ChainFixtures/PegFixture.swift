import Chain
import Crypto
import Ledger
import Primitives

/// The one-validator test chain of `ChainFixture` (BTC, USDT, LODE, a BTC-USDT market) with
/// a peg: BTC pegged (minimum deposit 1,000 sat), a 2-of-3 federation, K = 3, and a main
/// chain at the easiest target (0x207fffff: about every other nonce passes), mined here.
/// Shared by ChainTests and GatewayTests (the burns query reads a store these blocks filled).
struct PegFixture {
    static let suite = ChainFixture.suite
    static let bits: UInt32 = 0x207f_ffff
    static let confirmations: UInt64 = 3
    static let minimumDeposit: UInt64 = 1_000
    static let retargetInterval: UInt64 = 1_000

    var chain: ChainFixture
    let federationSigners = [ChainFixture.key(0x11), ChainFixture.key(0x12), ChainFixture.key(0x13)]
    let mainGenesis: MainChainHeader

    var federation: FederationKeys { FederationKeys(threshold: 2, keys: federationSigners.map(\.publicKey)) }
    var state: ChainState {
        get { chain.state }
        set { chain.state = newValue }
    }
    var peg: PegState { chain.state.peg! }
    var config: ChainConfig { chain.config }
    var btc: AssetID { chain.btc }
    var usdt: AssetID { chain.usdt }

    init(confirmations: UInt64 = PegFixture.confirmations) throws {
        chain = ChainFixture()
        mainGenesis = Self.mine(height: 0, parent: .zero, root: .zero, timestampMs: 0)
        let parameters = MainChainParameters(
            genesisHeader: mainGenesis, powLimitBits: Self.bits, blockIntervalMs: 1_000, retargetIntervalBlocks: Self.retargetInterval)
        let pegSection = PegGenesis(
            mainChain: parameters, federation: FederationKeys(threshold: 2, keys: federationSigners.map(\.publicKey)),
            confirmationsRequired: confirmations,
            peggedAssets: [PeggedAsset(symbol: "BTC", minimumDeposit: Amount(Self.minimumDeposit))])
        chain.state = try ChainState.genesis(ChainConfig(genesis: Self.withPeg(chain.config.genesis, pegSection)))
    }

    /// `genesis` with the peg section `peg` (nil: without one).
    static func withPeg(_ genesis: Genesis, _ peg: PegGenesis?) -> Genesis {
        Genesis(
            chainName: genesis.chainName, timestampMs: genesis.timestampMs, blockIntervalMs: genesis.blockIntervalMs,
            suite: genesis.suite, nativeAsset: genesis.nativeAsset, assets: genesis.assets, allocations: genesis.allocations,
            validators: genesis.validators, feeCollector: genesis.feeCollector, markets: genesis.markets,
            validatorNetworkKeys: genesis.validatorNetworkKeys, epochLengthBlocks: genesis.epochLengthBlocks,
            validatorsMax: genesis.validatorsMax, minSelfStake: genesis.minSelfStake, unlockDelayBlocks: genesis.unlockDelayBlocks,
            voterShareBps: genesis.voterShareBps, peg: peg)
    }

    // MARK: The main chain

    static func hashValue(_ header: MainChainHeader) -> UInt256 { UInt256(bigEndian: header.hash(suite: suite)) }

    /// The first header from nonce 0 whose hash meets its target (or, `failing`, exceeds it).
    static func mine(
        height: UInt64, parent: Hash256, root: Hash256, timestampMs: UInt64, bits: UInt32 = PegFixture.bits, failing: Bool = false
    ) -> MainChainHeader {
        let target = CompactTarget.target(ofBits: bits)!
        var nonce: UInt64 = 0
        while true {
            let header = MainChainHeader(
                height: height, previousHash: parent, transactionRoot: root, timestampMs: timestampMs, targetBits: bits, nonce: nonce)
            if (hashValue(header) <= target) != failing { return header }
            nonce += 1
        }
    }

    /// `count` mined headers on `parent`, a second apart; `roots` gives some their
    /// transaction roots (by position), `salt` makes a branch differ from another on the same parent.
    static func extend(_ parent: MainChainHeader, count: Int, roots: [Int: Hash256] = [:], salt: UInt64 = 0) -> [MainChainHeader] {
        var headers: [MainChainHeader] = []
        var previous = parent
        for index in 0..<count {
            let header = mine(
                height: previous.height + 1, parent: previous.hash(suite: suite), root: roots[index] ?? .zero,
                timestampMs: previous.timestampMs + 1_000 + salt)
            headers.append(header)
            previous = header
        }
        return headers
    }

    // MARK: Deposits and mints

    /// A main-chain transaction paying `amount` of `asset` to the federation for `destination`
    /// (a sidechain program), and a second, unrelated output; `seed` makes it unique.
    func deposit(
        amount: UInt64, asset: AssetID? = nil, destination: ControlProgram, seed: UInt8 = 1
    ) -> Transaction {
        let terms = FederationDeposit(federation: federation, destination: destination.canonicalBytes, refund: destination)
        return Transaction(
            inputs: [Input(spending: Self.suite.hash(.outputID, [seed]), witness: .signature(ChainFixture.placeholder))],
            outputs: [
                Output(asset: asset ?? btc, amount: Amount(amount), program: .federationDeposit(terms)),
                Output(asset: asset ?? btc, amount: Amount(7), program: .payToKey(chain.alice.publicKey)),
            ])
    }

    /// The main-chain block root of `transactions` and a proof of the one at `index`.
    static func blockRoot(_ transactions: [Transaction]) -> Hash256 {
        MerkleTree.root(of: transactions.map(\.canonicalBytes), suite: suite)
    }

    static func proof(of index: Int, in transactions: [Transaction]) -> MerkleProof {
        MerkleTree.proof(
            ofLeafAt: index, inHashes: transactions.map { MerkleTree.leafHash($0.canonicalBytes, suite: suite) }, suite: suite)
    }

    /// The mint of output 0 of `deposit` (the `index`th of `block`'s transactions in the
    /// header `header`), signed by `signers` federation members (by index).
    func mint(
        _ deposit: Transaction, in transactions: [Transaction], header: MainChainHeader, signers: [Int] = [0, 2]
    ) -> Transaction {
        let index = transactions.firstIndex(of: deposit)!
        let evidence = PegInEvidence(
            deposit: deposit, outputIndex: 0, blockHash: header.hash(suite: Self.suite), proof: Self.proof(of: index, in: transactions),
            signatures: [])
        let depositOutput = deposit.outputs[0]
        guard case .federationDeposit(let terms) = depositOutput.program else { preconditionFailure("a deposit") }
        let destination = try! ControlProgram(canonicalBytes: terms.destination)
        let unsigned = Transaction(
            inputs: [Input(spending: evidence.depositOutputID(suite: Self.suite), witness: .pegIn(evidence))],
            outputs: [Output(asset: depositOutput.asset, amount: depositOutput.amount, program: destination)])
        return unsigned.withWitnesses(chainID: config.chainID, suite: Self.suite) { _, sighash in
            let signatures = signers.map { signer in
                KeySignature(
                    keyIndex: UInt8(signer),
                    signature: try! Self.suite.sign(sighash, with: federationSigners[signer], auxiliary: [UInt8](repeating: 0, count: 32)))
            }
            return .pegIn(evidence.withSignatures(signatures))
        }
    }

    /// The main-chain output ID a mint of output 0 of `deposit` spends.
    func depositID(_ deposit: Transaction) -> Hash256 {
        Transaction.outputID(transactionID: deposit.id(suite: Self.suite), index: 0, suite: Self.suite)
    }

    // MARK: Blocks

    /// Proposes, verifies (as a follower) and commits one block with these headers and transactions.
    @discardableResult
    mutating func block(headers: [MainChainHeader] = [], _ transactions: [Transaction] = []) throws -> (Block, BlockOutcome) {
        chain.clockMs += 100
        let (block, outcome) = try state.proposeBlock(
            transactions: transactions, cancels: [], mainChainHeaders: headers, timestampMs: chain.clockMs,
            proposer: chain.validator, lastCommit: try chain.lastCommit())
        let verified = try state.verify(block)
        precondition(verified.settlements == outcome.settlements)
        state.commit(outcome, header: block.header)
        return (block, outcome)
    }

    /// What a follower's re-execution of a block with these headers and transactions throws.
    func verifyError(headers: [MainChainHeader] = [], _ transactions: [Transaction] = []) -> ChainError? {
        do {
            _ = try BlockExecutor.execute(
                state: state, mode: .verify, timestampMs: chain.clockMs + 100,
                transactions: CheckedTransaction.all(transactions, config: config), cancels: [], mainChainHeaders: headers,
                lastCommit: try? chain.lastCommit())
            return nil
        } catch {
            return error
        }
    }

    /// A signed transfer of `amount` of `asset` from `key`'s largest coin to `program`, change back.
    func pay(_ key: any SigningKey, _ asset: AssetID, _ amount: UInt64, to program: ControlProgram) -> Transaction {
        let coin = chain.coins(key, asset)[0]
        var outputs = [Output(asset: asset, amount: Amount(amount), program: program)]
        if coin.amount.units > amount {
            outputs.append(Output(asset: asset, amount: Amount(coin.amount.units - amount), program: .payToKey(key.publicKey)))
        }
        return chain.sign(
            Transaction(inputs: [Input(spending: coin.id, witness: .signature(ChainFixture.placeholder))], outputs: outputs), with: key)
    }
}
