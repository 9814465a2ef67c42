import Crypto
import Foundation
import Ledger
import Primitives
import Testing
import ZeroMQ

@testable import Peg

/// The share message's codec and the exchange that carries it (ports 17330–17339), and what
/// a member checks before it signs another member's payment.
@Suite(.serialized) struct FederationShareTests {
    let suite = TestMainChain.suite

    func id(_ byte: UInt8) -> Hash256 { suite.hash(.outputID, [byte]) }

    func share(kind: FederationShare.Kind = .payment, signer: UInt8 = 1) throws -> FederationShare {
        let key = try suite.signingKey(secret: [UInt8](repeating: 0x41, count: 32))
        let transaction = Transaction(
            inputs: [Input(spending: id(1), witness: .pegOut(burnOutputID: id(2), signatures: []))],
            outputs: [Output(asset: AssetID(id(3)), amount: Amount(5), program: .payToKey(key.publicKey))])
        let signature = try suite.signDeterministically(Array(repeating: 7, count: 32), with: key)
        return FederationShare(
            kind: kind, workID: id(2), signer: signer, transaction: transaction,
            shares: [KeySignature(keyIndex: signer, signature: signature)])
    }

    @Test func aShareRoundTripsAndAnUnknownVersionOrKindIsRefused() throws {
        let original = try share()
        let bytes = original.canonicalBytes
        #expect(try FederationShare(canonicalBytes: bytes) == original)
        #expect(bytes[0] == 1 && bytes[1] == FederationShare.Kind.payment.rawValue)
        var badVersion = bytes
        badVersion[0] = 2
        #expect(throws: PrimitivesError.self) { try FederationShare(canonicalBytes: badVersion) }
        var badKind = bytes
        badKind[1] = 4
        #expect(throws: PrimitivesError.self) { try FederationShare(canonicalBytes: badKind) }
        #expect(throws: PrimitivesError.self) { try FederationShare(canonicalBytes: Array(bytes.dropLast())) }
        #expect(FederationShare.Kind.allCases.map(\.isMainChain) == [false, true, true])
    }

    @Test func theExchangeCarriesSharesBothWaysAndCountsGarbage() throws {
        let a = try ShareExchange(listen: "tcp://127.0.0.1:17331", peers: ["tcp://127.0.0.1:17332"])
        let b = try ShareExchange(listen: "tcp://127.0.0.1:17332", peers: ["tcp://127.0.0.1:17331"])
        defer {
            a.close()
            b.close()
        }
        let sent = try share()
        var received: [FederationShare] = []
        // SUB connects in the background: publish until the first arrives (PUB drops before).
        for _ in 0..<100 where received.isEmpty {
            a.publish(sent)
            received = b.receive(timeoutMs: 20, countMax: 10)
        }
        #expect(received.first == sent)
        let mint = try share(kind: .mint, signer: 2)
        var back: [FederationShare] = []
        for _ in 0..<100 where back.isEmpty {
            b.publish(mint)
            back = a.receive(timeoutMs: 20, countMax: 10)
        }
        #expect(back.first == mint)

        // Garbage on the topic is counted and dropped; the next share still arrives.
        let context = try ZMQContext()
        let rogue = try ZMQSocket(context, type: .pub)
        defer {
            rogue.close()
            context.close()
        }
        try rogue.setOption(.lingerMs, 0)
        try rogue.bind("tcp://127.0.0.1:17333")
        let c = try ShareExchange(listen: "tcp://127.0.0.1:17334", peers: ["tcp://127.0.0.1:17333"])
        defer { c.close() }
        for _ in 0..<100 where c.garbageCount == 0 {
            try rogue.send(ZMQMessage(frames: [Array("share".utf8), [0xFF, 0x00]]), .dontWait)
            _ = c.receive(timeoutMs: 20, countMax: 10)
        }
        #expect(c.garbageCount > 0)
    }

    @Test func aPeersPaymentIsSignedOnlyWhenItPaysExactlyTheBurn() throws {
        let keys = try (1...3).map { try suite.signingKey(secret: [UInt8](repeating: 0x40 + $0, count: 32)) }
        let erin = try suite.signingKey(secret: [UInt8](repeating: 0xE1, count: 32))
        let asset = AssetID(id(3))
        let terms = try PegTerms(
            federation: FederationKeys(threshold: 2, keys: keys.map(\.publicKey)), confirmationsRequired: 2,
            depositMinimums: [asset: Amount(1)], sidechainChainID: id(9), suite: suite)
        let builder = MainChainSpendBuilder(terms: terms, mainChainID: id(8))
        let change = terms.federation.multisigProgram
        let holdings = [
            id(10): Output(asset: asset, amount: Amount(60), program: change),
            id(11): Output(asset: asset, amount: Amount(70), program: change),
        ]
        let address = ControlProgram.payToKey(erin.publicKey).canonicalBytes
        let burn = BurnWork(burnID: id(2), height: 4, asset: asset, amount: Amount(100), mainChainAddress: address, stage: .seen)
        let good = try builder.payment(
            burnID: id(2), asset: asset, amount: Amount(100), mainChainAddress: address,
            holdings: holdings.map { FederationHolding(outputID: $0.key, output: $0.value) })
        #expect(PaymentCheck.problem(good, burn: burn, holdings: holdings, builder: builder) == nil)

        let pay = { (amount: UInt64) in Output(asset: asset, amount: Amount(amount), program: .payToKey(erin.publicKey)) }
        let tooMuch = Transaction(inputs: good.inputs, outputs: [pay(101), Output(asset: asset, amount: Amount(29), program: change)])
        #expect(PaymentCheck.problem(tooMuch, burn: burn, holdings: holdings, builder: builder) != nil)
        let changeElsewhere = Transaction(inputs: good.inputs, outputs: [pay(100), pay(30)])
        #expect(PaymentCheck.problem(changeElsewhere, burn: burn, holdings: holdings, builder: builder) != nil)
        var unknownInput = good
        unknownInput.inputs[0] = Input(spending: id(12), witness: .pegOut(burnOutputID: id(2), signatures: []))
        #expect(PaymentCheck.problem(unknownInput, burn: burn, holdings: holdings, builder: builder) != nil)
        var otherBurn = good
        otherBurn.inputs[0] = Input(spending: good.inputs[0].spentOutputID, witness: .pegOut(burnOutputID: id(13), signatures: []))
        #expect(PaymentCheck.problem(otherBurn, burn: burn, holdings: holdings, builder: builder) != nil)
        let leaking = Transaction(inputs: good.inputs, outputs: [pay(100)])  // 130 in, 100 out: 30 to the miner
        #expect(PaymentCheck.problem(leaking, burn: burn, holdings: holdings, builder: builder) != nil)
        var repeated = good
        repeated.inputs[1] = repeated.inputs[0]
        #expect(PaymentCheck.problem(repeated, burn: burn, holdings: holdings, builder: builder) != nil)
    }
}
