import Crypto
import Ledger
import Primitives

/// A realistic settlement-sized transaction: 64 magnetic fills netted into payouts.
enum BenchmarkFixture {
    static let suite = SchnorrSecp256k1Suite()
    static let keys = (1...8).map { try! suite.signingKey(secret: [UInt8](repeating: UInt8($0), count: 32)) }
    static let btc = AssetID(try! Hash256(hex: String(repeating: "02", count: 32)))
    static let usdt = AssetID(try! Hash256(hex: String(repeating: "03", count: 32)))

    static let settlement: Transaction = {
        let inputs = (0..<64).map { index in
            Input(
                spending: suite.hash(.outputID, [UInt8(index)]),
                witness: .fillOrder(filled: Amount(UInt64(1_000 + index)), remainderOutput: nil))
        }
        let outputs = keys.map { key in
            Output(asset: usdt, amount: Amount(123_456_789), program: .payToKey(key.publicKey))
        } + keys.map { key in
            Output(asset: btc, amount: Amount(8_000), program: .magneticOrder(MagneticOrder(
                requestedAsset: usdt, price: try! Ratio(30_000, 1), sellerProgram: .payToKey(key.publicKey),
                sellerKey: key.publicKey)))
        }
        return Transaction(inputs: inputs, outputs: outputs, fee: .zero)
    }()
}
