import Crypto
import Primitives

/// A BUTXO transaction: it spends whole outputs (inputs) into a mux that must balance per
/// asset, and the mux pays the new outputs plus a fee in the native asset.
public struct Transaction: Hashable, Sendable {
    /// The only version this ledger accepts.
    public static let currentVersion: UInt8 = 1
    /// Hard limits on any transaction, including block settlements.
    public static let maxInputs = 8_192
    public static let maxOutputs = 8_192
    public static let maxEncodedBytes = 4 << 20

    public let version: UInt8
    public var inputs: [Input]
    public let outputs: [Output]
    /// Paid in the chain's native asset to the block's producer.
    public let fee: Amount

    public init(version: UInt8 = Transaction.currentVersion, inputs: [Input], outputs: [Output], fee: Amount = .zero) {
        self.version = version
        self.inputs = inputs
        self.outputs = outputs
        self.fee = fee
    }
}
