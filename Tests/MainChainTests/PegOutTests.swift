import Crypto
import Ledger
import MainChain
import Primitives
import Storage
import Testing

@Suite("Main chain and the peg: federation deposits, and a sidechain burn paid exactly once")
struct PegOutTests {
    struct Federation {
        let members: [any SigningKey]
        let keys: FederationKeys

        init(suite: any CryptoSuite) throws {
            members = try [0xF1, 0xF2, 0xF3].map { try suite.signingKey(secret: [UInt8](repeating: $0, count: 32)) }
            keys = FederationKeys(threshold: 2, keys: members.map(\.publicKey))
        }
    }

    /// Alice deposits `units` of her first genesis BTC to the federation; the rest is change.
    func deposit(_ fixture: MainChainFixture, federation: Federation, units: UInt64) throws -> Transaction {
        let program = ControlProgram.federationDeposit(
            FederationDeposit(
                federation: federation.keys, destination: ControlProgram.payToKey(fixture.alice.publicKey).canonicalBytes,
                refund: .payToKey(fixture.alice.publicKey)))
        let btc = fixture.btc.id(suite: fixture.suite)
        let unsigned = Transaction(
            inputs: [Input(spending: fixture.genesisOutput(0), witness: .feePayout)],
            outputs: [
                Output(asset: btc, amount: Amount(units), program: program),
                Output(asset: btc, amount: Amount(1_000_000_000 - units), program: .payToKey(fixture.alice.publicKey)),
            ])
        return try unsigned.withWitnesses(chainID: fixture.genesis.chainID, suite: fixture.suite) { _, sighash in
            .signature(try fixture.suite.signDeterministically(sighash, with: fixture.alice))
        }
    }

    /// The federation pays burn `burn` from deposit output `outputID` (`units` BTC) to Bob.
    func payout(
        _ fixture: MainChainFixture, federation: Federation, outputID: Hash256, units: UInt64, burn: Hash256
    ) throws -> Transaction {
        let unsigned = Transaction(
            inputs: [Input(spending: outputID, witness: .feePayout)],
            outputs: [Output(asset: fixture.btc.id(suite: fixture.suite), amount: Amount(units), program: .payToKey(fixture.bob.publicKey))]
        )
        let chainID = fixture.genesis.chainID
        var signed = unsigned
        let message = unsigned.pegOutMessage(inputIndex: 0, burnOutputID: burn, chainID: chainID, suite: fixture.suite)
        let signatures = try [0, 2].map { index in
            KeySignature(
                keyIndex: UInt8(index), signature: try fixture.suite.signDeterministically(message.bytes, with: federation.members[index]))
        }
        signed.inputs[0].witness = .pegOut(burnOutputID: burn, signatures: signatures)
        return signed
    }

    @Test(
        "a federation deposit is carried; a peg-out pays its burn once; a second payment of that burn is refused in the pool and in a block; a disconnection unpays it"
    )
    func burnPaidOnce() throws {
        let fixture = try MainChainFixture()
        var core = try MainChainCore(genesis: fixture.genesis, store: MemoryStore())
        let federation = try Federation(suite: fixture.suite)
        let depositTx = try deposit(fixture, federation: federation, units: 400_000_000)
        let genesisEntry = core.headers.best
        _ = try core.submitBlock(fixture.block(on: genesisEntry, in: core.headers, transactions: [depositTx]))
        let depositID = depositTx.id(suite: fixture.suite)
        let first = Transaction.outputID(transactionID: depositID, index: 0, suite: fixture.suite)
        let burn = Hash256.zero  // a sidechain cross-chain-out output ID
        let pay = try payout(fixture, federation: federation, outputID: first, units: 100_000_000, burn: burn)
        // The outputs of the payout do not balance 400M in, 100M out: pay the rest back.
        let balanced = try payoutBalanced(fixture, federation: federation, outputID: first, burn: burn)
        #expect(throws: MainChainError.self) { try core.submitTransaction(pay) }
        _ = try core.submitTransaction(balanced.0)
        let change = Transaction.outputID(transactionID: balanced.0.id(suite: fixture.suite), index: 1, suite: fixture.suite)
        _ = try core.submitBlock(fixture.block(on: core.headers.best, in: core.headers, transactions: [balanced.0]))
        #expect(core.state.paidBurns == [burn])
        // The federation's change (a multisig of its keys) cannot pay the same burn again.
        let again = try payoutFromChange(fixture, federation: federation, outputID: change, units: balanced.1, burn: burn)
        #expect(throws: MainChainError.burnAlreadyPaid(burn)) { try core.submitTransaction(again) }
        let block = fixture.block(on: core.headers.best, in: core.headers, transactions: [again])
        #expect(throws: MainChainError.burnAlreadyPaid(burn)) { try core.submitBlock(block) }
        // Another burn from the change is fine.
        let other = try payoutFromChange(
            fixture, federation: federation, outputID: change, units: balanced.1, burn: Hash256(hex: String(repeating: "11", count: 32)))
        _ = try core.submitTransaction(other)
        #expect(MainChainError.burnAlreadyPaid(burn).code == 9510)
    }

    @Test("two payments of one burn in one block are refused; a reorganization that disconnects the payment unpays the burn")
    func burnUndo() throws {
        let fixture = try MainChainFixture()
        var core = try MainChainCore(genesis: fixture.genesis, store: MemoryStore())
        let federation = try Federation(suite: fixture.suite)
        let depositTx = try deposit(fixture, federation: federation, units: 400_000_000)
        let genesisEntry = core.headers.best
        let d1 = fixture.block(on: genesisEntry, in: core.headers, transactions: [depositTx])
        _ = try core.submitBlock(d1)
        let first = Transaction.outputID(transactionID: depositTx.id(suite: fixture.suite), index: 0, suite: fixture.suite)
        let (pay, remaining) = try payoutBalanced(fixture, federation: federation, outputID: first, burn: .zero)
        let change = Transaction.outputID(transactionID: pay.id(suite: fixture.suite), index: 1, suite: fixture.suite)
        let twice = try payoutFromChange(fixture, federation: federation, outputID: change, units: remaining, burn: .zero)
        let d1Entry = try #require(core.headers.entry(d1.hash(suite: fixture.suite)))
        #expect(throws: MainChainError.burnAlreadyPaid(.zero)) {
            try core.submitBlock(fixture.block(on: d1Entry, in: core.headers, transactions: [pay, twice]))
        }
        let p2 = fixture.block(on: d1Entry, in: core.headers, transactions: [pay])
        _ = try core.submitBlock(p2)
        #expect(core.state.paidBurns == [.zero])
        // A heavier branch from d1 without the payment: the burn is unpaid again, the payout pooled.
        let b2 = fixture.block(on: d1Entry, in: core.headers, timestampMs: d1.header.timestampMs + 9)
        _ = try core.submitBlock(b2)
        let b3 = fixture.block(on: try #require(core.headers.entry(b2.hash(suite: fixture.suite))), in: core.headers)
        _ = try core.submitBlock(b3)
        #expect(core.state.paidBurns.isEmpty)
        #expect(core.mempool.contains(pay.id(suite: fixture.suite)))
    }

    /// Pays 100M of the 400M deposit to Bob for `burn`; the rest returns to the federation as
    /// a 2-of-3 multisig change. Returns the transaction and the change amount.
    func payoutBalanced(_ fixture: MainChainFixture, federation: Federation, outputID: Hash256, burn: Hash256) throws -> (
        Transaction, UInt64
    ) {
        let btc = fixture.btc.id(suite: fixture.suite)
        let unsigned = Transaction(
            inputs: [Input(spending: outputID, witness: .feePayout)],
            outputs: [
                Output(asset: btc, amount: Amount(100_000_000), program: .payToKey(fixture.bob.publicKey)),
                Output(asset: btc, amount: Amount(300_000_000), program: .multisig(threshold: 2, keys: federation.keys.keys)),
            ])
        return (try sign(unsigned, fixture, federation: federation, burn: burn), 300_000_000)
    }

    func payoutFromChange(
        _ fixture: MainChainFixture, federation: Federation, outputID: Hash256, units: UInt64, burn: Hash256
    ) throws -> Transaction {
        let unsigned = Transaction(
            inputs: [Input(spending: outputID, witness: .feePayout)],
            outputs: [Output(asset: fixture.btc.id(suite: fixture.suite), amount: Amount(units), program: .payToKey(fixture.bob.publicKey))]
        )
        return try sign(unsigned, fixture, federation: federation, burn: burn)
    }

    func sign(_ unsigned: Transaction, _ fixture: MainChainFixture, federation: Federation, burn: Hash256) throws -> Transaction {
        var signed = unsigned
        let message = unsigned.pegOutMessage(inputIndex: 0, burnOutputID: burn, chainID: fixture.genesis.chainID, suite: fixture.suite)
        signed.inputs[0].witness = .pegOut(
            burnOutputID: burn,
            signatures: try [0, 2].map { index in
                KeySignature(
                    keyIndex: UInt8(index),
                    signature: try fixture.suite.signDeterministically(message.bytes, with: federation.members[index]))
            })
        return signed
    }
}
