import Crypto
@testable import Ledger
import Primitives
import PropertyBased
import Testing
import TestSupport

/// Random but valid transactions over an evolving UTXO set, driven by a seeded generator.
struct RandomLedger {
    var f = LedgerFixture()
    var rng: Xoshiro
    /// Spendable pay-to-key outputs and their owners' indexes into `keys`.
    var spendable: [(id: Hash256, owner: Int)] = []
    let keys: [any SigningKey]
    var feesPaid: UInt64 = 0

    init(seed: UInt64) {
        rng = seededRandom(seed)
        keys = [f.alice, f.bob, f.carol]
        for (index, asset) in [f.native, f.btc, f.usdt].enumerated() {
            for owner in 0..<3 {
                spendable.append((f.fund(asset, 1_000_000_000 * UInt64(index + 1), f.payTo(keys[owner])), owner))
            }
        }
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Gen.int(in: range).run(using: &rng) }

    /// A random program an output may be locked to; pay-to-key outputs stay spendable.
    mutating func program(asset: AssetID) -> (ControlProgram, owner: Int?) {
        let owner = int(0...2)
        switch int(0...5) {
        case 0: return (.multisig(threshold: 2, keys: keys.map(\.publicKey)), nil)
        case 1:
            let requested = asset == f.btc ? f.usdt : f.btc
            return (f.order(by: keys[owner], requesting: requested, price: (UInt64(int(1...99_999)), UInt64(int(1...999)))), nil)
        case 2: return (.voteLock(VoteLock(owner: keys[owner].publicKey, candidate: f.carol.publicKey, unlockDelayBlocks: 10)), nil)
        default: return (f.payTo(keys[owner]), owner)
        }
    }

    /// Builds one valid transaction: 1–3 random inputs, each asset split over 1–3 outputs.
    mutating func nextTransaction() -> (Transaction, owners: [Int?]) {
        let inputCount = min(int(1...3), spendable.count)
        var chosen: [(id: Hash256, owner: Int)] = []
        for _ in 0..<inputCount { chosen.append(spendable.remove(at: int(0...spendable.count - 1))) }
        var totals: [(AssetID, UInt64)] = []
        for input in chosen {
            let output = f.utxos.unspentOutput(input.id)!
            if let slot = totals.firstIndex(where: { $0.0 == output.asset }) { totals[slot].1 += output.amount.units }
            else { totals.append((output.asset, output.amount.units)) }
        }
        var fee: UInt64 = 0
        var outputs: [Output] = []
        var owners: [Int?] = []
        for (asset, total) in totals {
            var rest = total
            if asset == f.native && rest > 1 { fee = UInt64(int(0...Int(min(rest - 1, 1_000)))); rest -= fee }
            let parts = min(int(1...3), Int(rest))
            for part in 0..<parts {
                let amount = part == parts - 1 ? rest : UInt64(int(1...Int(rest - UInt64(parts - part - 1))))
                rest -= amount
                let (program, owner) = program(asset: asset)
                outputs.append(Output(asset: asset, amount: Amount(amount), program: program))
                owners.append(owner)
            }
        }
        let signers = Dictionary(uniqueKeysWithValues: chosen.enumerated().map { ($0.offset, keys[$0.element.owner]) })
        let tx = f.sign(Transaction(
            inputs: chosen.map { Input(spending: $0.id, witness: .signature(LedgerFixture.unsigned)) },
            outputs: outputs, fee: Amount(fee)), keys: signers)
        feesPaid += fee
        return (tx, owners)
    }

    mutating func apply(_ tx: Transaction, owners: [Int?]) {
        let ids = f.utxos.apply(tx, suite: f.suite)
        for (id, owner) in zip(ids, owners) { if let owner { spendable.append((id, owner)) } }
    }
}

@Suite("Ledger properties: round-trips, conservation, hostile bytes")
struct LedgerPropertyTests {
    @Test("random valid transactions validate, round-trip through the codec byte for byte, and conserve every asset (only fees leave)")
    func conservation() throws {
        var ledger = RandomLedger(seed: 0x5EED_0001)
        let before = try ledger.f.utxos.totals()
        for step in 0..<300 {
            guard ledger.spendable.count > 0 else { break }
            let (tx, owners) = ledger.nextTransaction()
            try ledger.f.validate(tx)
            let bytes = tx.canonicalBytes
            let decoded = try Transaction.decode(bytes)
            #expect(decoded == tx, "step \(step)")
            #expect(decoded.canonicalBytes == bytes)
            #expect(decoded.id(suite: ledger.f.suite) == tx.id(suite: ledger.f.suite))
            ledger.apply(tx, owners: owners)
            let after = try ledger.f.utxos.totals()
            for (asset, amount) in before {
                let now = after.first { $0.asset == asset }?.amount.units ?? 0
                let expected = asset == ledger.f.native ? amount.units - ledger.feesPaid : amount.units
                #expect(now == expected, "asset \(asset) after step \(step)")
            }
        }
    }

    @Test("100k random byte strings fed to the transaction decoder never trap and fail with malformed_transaction")
    func randomBytes() {
        let gen = Gen.uint8().array(of: 0...200)
        seededCheck(seed: 0xBAD_B17E5, count: 100_000, gen) { bytes, index in
            do {
                _ = try Transaction.decode(bytes)
            } catch {
                #expect((error as? LedgerError)?.code == 3001, "case \(index)")
            }
        }
    }

    @Test("random bytes fed to every ledger decoder (program, witness, output, order, vote lock, key, signature) fail only with typed errors")
    func randomBytesEveryDecoder() {
        let gen = Gen.uint8().array(of: 0...120)
        var decoded = 0
        seededCheck(seed: 0xDEC0DE, count: 20_000, gen) { bytes, _ in
            let attempts: [Bool] = [
                (try? ControlProgram(canonicalBytes: bytes)) != nil, (try? Witness(canonicalBytes: bytes)) != nil,
                (try? Output(canonicalBytes: bytes)) != nil, (try? MagneticOrder(canonicalBytes: bytes)) != nil,
                (try? VoteLock(canonicalBytes: bytes)) != nil, (try? PublicKey(canonicalBytes: bytes)) != nil,
                (try? Signature(canonicalBytes: bytes)) != nil,
            ]
            decoded += attempts.filter { $0 }.count
        }
        // Short random strings do sometimes form valid values (e.g. a one-byte witness):
        // the point is that no input traps, and most are refused.
        #expect(decoded < 20_000 * 7 / 2)
    }

    @Test("single-byte corruptions of valid transactions decode to a typed error or to a different valid value, never a trap")
    func mutatedEncodings() throws {
        var ledger = RandomLedger(seed: 0x5EED_0002)
        var rng = seededRandom(77)
        for _ in 0..<100 {
            let (tx, owners) = ledger.nextTransaction()
            ledger.apply(tx, owners: owners)
            let bytes = tx.canonicalBytes
            for _ in 0..<100 {
                var mutated = bytes
                let position = Gen.int(in: 0...bytes.count - 1).run(using: &rng)
                mutated[position] ^= Gen.uint8(in: 1...255).run(using: &rng)
                if let decoded = try? Transaction.decode(mutated) {
                    #expect(decoded.canonicalBytes == mutated, "a decodable mutation must be canonical")
                }
            }
        }
    }

    @Test("an encoding over the size limit is refused before parsing (transaction_too_large, 3006)")
    func oversize() {
        let bytes = [UInt8](repeating: 0, count: Transaction.maxEncodedBytes + 1)
        #expect(throws: LedgerError.transactionTooLarge(bytes: bytes.count, limit: Transaction.maxEncodedBytes)) {
            try Transaction.decode(bytes)
        }
    }
}
