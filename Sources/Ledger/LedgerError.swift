import Primitives

/// Why the ledger refused a transaction (codes 3xxx). Every case names what a client has
/// to change; `input`/`output` are indexes into the transaction.
public enum LedgerError: CodedError, Equatable {
    case malformed(PrimitivesError)
    case unsupportedVersion(UInt8)
    case noInputs
    case tooManyInputs(count: Int, limit: Int)
    case tooManyOutputs(count: Int, limit: Int)
    case transactionTooLarge(bytes: Int, limit: Int)
    case duplicateInput(input: Int)
    case zeroAmountOutput(output: Int)
    case invalidProgram(output: Int, reason: String)
    case missingInput(input: Int, outputID: Hash256)
    case unbalancedAsset(asset: AssetID)
    case amountOverflow
    case wrongWitness(input: Int, reason: String)
    case badSignature(input: Int)
    case multisigThresholdNotMet(input: Int, valid: Int, required: Int)
    case crossChainOutUnspendable(input: Int)
    case voteLockStillLocked(input: Int, unlockHeight: UInt64)
    case fillOutOfRange(input: Int, filled: UInt64, available: UInt64)
    case remainderMismatch(input: Int, reason: String)
    case remainderClaimedTwice(output: Int)
    case sellerShortPaid(asset: AssetID, owed: UInt64, paid: UInt64)

    public var code: UInt16 {
        switch self {
        case .malformed: 3001
        case .unsupportedVersion: 3002
        case .noInputs: 3003
        case .tooManyInputs: 3004
        case .tooManyOutputs: 3005
        case .transactionTooLarge: 3006
        case .duplicateInput: 3007
        case .zeroAmountOutput: 3008
        case .invalidProgram: 3009
        case .missingInput: 3010
        case .unbalancedAsset: 3011
        case .amountOverflow: 3012
        case .wrongWitness: 3013
        case .badSignature: 3014
        case .multisigThresholdNotMet: 3015
        case .crossChainOutUnspendable: 3016
        case .voteLockStillLocked: 3017
        case .fillOutOfRange: 3018
        case .remainderMismatch: 3019
        case .remainderClaimedTwice: 3020
        case .sellerShortPaid: 3022
        }
    }

    public var name: String {
        switch self {
        case .malformed: "malformed_transaction"
        case .unsupportedVersion: "unsupported_version"
        case .noInputs: "no_inputs"
        case .tooManyInputs: "too_many_inputs"
        case .tooManyOutputs: "too_many_outputs"
        case .transactionTooLarge: "transaction_too_large"
        case .duplicateInput: "duplicate_input"
        case .zeroAmountOutput: "zero_amount_output"
        case .invalidProgram: "invalid_program"
        case .missingInput: "missing_input"
        case .unbalancedAsset: "unbalanced_asset"
        case .amountOverflow: "amount_overflow"
        case .wrongWitness: "wrong_witness"
        case .badSignature: "bad_signature"
        case .multisigThresholdNotMet: "multisig_threshold_not_met"
        case .crossChainOutUnspendable: "cross_chain_out_unspendable"
        case .voteLockStillLocked: "vote_lock_still_locked"
        case .fillOutOfRange: "fill_out_of_range"
        case .remainderMismatch: "remainder_mismatch"
        case .remainderClaimedTwice: "remainder_claimed_twice"
        case .sellerShortPaid: "seller_short_paid"
        }
    }

    public var message: String {
        switch self {
        case let .malformed(error): "cannot decode: \(error.message)"
        case let .unsupportedVersion(version): "transaction version \(version) is not supported"
        case .noInputs: "a transaction must spend at least one output"
        case let .tooManyInputs(count, limit): "\(count) inputs, limit \(limit)"
        case let .tooManyOutputs(count, limit): "\(count) outputs, limit \(limit)"
        case let .transactionTooLarge(bytes, limit): "\(bytes) bytes, limit \(limit)"
        case let .duplicateInput(input): "input \(input) spends an output already spent by an earlier input"
        case let .zeroAmountOutput(output): "output \(output) has amount 0"
        case let .invalidProgram(output, reason): "output \(output): \(reason)"
        case let .missingInput(input, id): "input \(input) spends \(id), which is unknown or already spent"
        case let .unbalancedAsset(asset): "inputs and outputs (plus fee) of asset \(asset) differ"
        case .amountOverflow: "a sum of amounts overflows 64 bits"
        case let .wrongWitness(input, reason): "input \(input): \(reason)"
        case let .badSignature(input): "input \(input): signature does not verify for this chain and transaction"
        case let .multisigThresholdNotMet(input, valid, required): "input \(input): \(valid) valid signatures, \(required) required"
        case let .crossChainOutUnspendable(input): "input \(input) spends a cross-chain-out burn, which is final"
        case let .voteLockStillLocked(input, height): "input \(input): stake is locked until height \(height)"
        case let .fillOutOfRange(input, filled, available): "input \(input): fill of \(filled) with \(available) available"
        case let .remainderMismatch(input, reason): "input \(input): partial-fill remainder \(reason)"
        case let .remainderClaimedTwice(output): "output \(output) is named as the remainder of two orders"
        case let .sellerShortPaid(asset, owed, paid): "a seller program is owed \(owed) of \(asset) but receives \(paid)"
        }
    }
}
