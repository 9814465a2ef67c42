import Crypto
@testable import Ledger
import Primitives

/// A small chain state for ledger tests: fixed keys, three assets and funded outputs.
struct LedgerFixture {
    let suite: any CryptoSuite = SchnorrSecp256k1Suite()
    let chainID = try! Hash256(hex: String(repeating: "c1", count: 32))
    let otherChainID = try! Hash256(hex: String(repeating: "c2", count: 32))
    let native = AssetID(try! Hash256(hex: String(repeating: "01", count: 32)))
    let btc = AssetID(try! Hash256(hex: String(repeating: "02", count: 32)))
    let usdt = AssetID(try! Hash256(hex: String(repeating: "03", count: 32)))
    let alice: any SigningKey
    let bob: any SigningKey
    let carol: any SigningKey
    var utxos = MemoryUTXOSet()
    var height: UInt64 = 10
    private var nextFunding: UInt8 = 0

    init() {
        alice = try! suite.signingKey(secret: [UInt8](repeating: 0xA1, count: 32))
        bob = try! suite.signingKey(secret: [UInt8](repeating: 0xB0, count: 32))
        carol = try! suite.signingKey(secret: [UInt8](repeating: 0xCA, count: 32))
    }

    var context: ValidationContext {
        ValidationContext(chainID: chainID, height: height, nativeAsset: native, suite: suite)
    }

    var validator: TransactionValidator { TransactionValidator(context: context) }

    func payTo(_ key: any SigningKey) -> ControlProgram { .payToKey(key.publicKey) }

    /// Adds an unspent output out of thin air (as genesis would) and returns its ID.
    mutating func fund(_ asset: AssetID, _ units: UInt64, _ program: ControlProgram) -> Hash256 {
        nextFunding += 1
        let id = suite.hash(.outputID, [0xF0, nextFunding])
        utxos.insert(Output(asset: asset, amount: Amount(units), program: program), id: id)
        return id
    }

    /// Signs every input whose witness is a placeholder signature with `keys[i]`.
    func sign(_ tx: Transaction, keys: [Int: any SigningKey], chain: Hash256? = nil) -> Transaction {
        tx.withWitnesses(chainID: chain ?? chainID, suite: suite) { index, sighash in
            let witness = tx.inputs[index].witness
            guard let key = keys[index] else { return witness }
            let signature = try! suite.sign(sighash, with: key, auxiliary: [UInt8](repeating: 0, count: 32))
            switch witness {
            case .signature: return .signature(signature)
            case .cancelOrder: return .cancelOrder(signature)
            case let .unvote(_, lockOutput): return .unvote(signature, lockOutput: lockOutput)
            case .withdrawVote: return .withdrawVote(signature)
            default: return witness
            }
        }
    }

    /// A transaction spending pay-to-key `coins` (each signed by `signer`, for `chain`, the
    /// fixture's chain by default) into `outputs`.
    func transfer(
        _ coins: [Hash256], to outputs: [Output], fee: UInt64 = 0, signer: any SigningKey, chain: Hash256? = nil
    ) -> Transaction {
        let inputs = coins.map { Input(spending: $0, witness: .signature(Self.unsigned)) }
        let keys = Dictionary(uniqueKeysWithValues: coins.indices.map { ($0, signer) })
        return sign(Transaction(inputs: inputs, outputs: outputs, fee: Amount(fee)), keys: keys, chain: chain)
    }

    /// One output of `units` of `asset` paid to `program`.
    func output(_ asset: AssetID, _ units: UInt64, _ program: ControlProgram) -> Output {
        Output(asset: asset, amount: Amount(units), program: program)
    }

    /// A placeholder signature replaced by `sign`.
    static let unsigned = try! Signature(bytes: [UInt8](repeating: 0, count: 64))

    /// A magnetic order by `seller` offering `asset` for `requested` at `price` (requested per offered).
    func order(
        by seller: any SigningKey, requesting requested: AssetID, price: (UInt64, UInt64),
        flags: MagneticOrder.Flags = [], maxFeeBps: UInt16 = 0, expiry: UInt64? = nil
    ) -> ControlProgram {
        .magneticOrder(MagneticOrder(
            requestedAsset: requested, price: try! Ratio(price.0, price.1), sellerProgram: payTo(seller),
            sellerKey: seller.publicKey, flags: flags, maxFeeBps: maxFeeBps, expiryHeight: expiry))
    }

    func validate(_ tx: Transaction) throws(LedgerError) {
        try validator.validate(tx, view: utxos)
    }
}
