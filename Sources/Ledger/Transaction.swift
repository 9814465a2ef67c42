import Crypto
import Primitives

/// A BUTXO transaction: it spends whole outputs (inputs) into a mux that must balance per
/// asset, and the mux pays the new outputs plus a fee in the native asset.
public struct Transaction: Hashable, Sendable {
    /// The only version this ledger accepts.
    public static let currentVersion: UInt8 = 1
    /// Hard limits on a user transaction.
    public static let maxInputs = 8_192
    public static let maxOutputs = 8_192
    public static let maxEncodedBytes = 4 << 20
    /// A block's settlement (built by the state transition, never sent by a user) spends one
    /// input per order the block settles and pays at most three outputs per order plus the
    /// fee collector's two; the block's own limits bound how many orders that is.
    public static let settlementInputsMax = 20_480
    public static let settlementOutputsMax = 3 * settlementInputsMax + 2

    /// How many inputs and outputs a transaction of one kind may have.
    public struct ShapeLimits: Hashable, Sendable {
        public let inputsMax: Int
        public let outputsMax: Int

        /// Every transaction a user sends.
        public static let user = ShapeLimits(inputsMax: Transaction.maxInputs, outputsMax: Transaction.maxOutputs)
        /// A block's settlements.
        public static let settlement = ShapeLimits(
            inputsMax: Transaction.settlementInputsMax, outputsMax: Transaction.settlementOutputsMax)
    }

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
