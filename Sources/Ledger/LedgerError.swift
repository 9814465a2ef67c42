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
    case pegInNotEnabled
    case pegInMixedTransaction(input: Int)
    case pegInFeeNotZero(fee: UInt64)
    case pegInOutputCount(inputs: Int, outputs: Int)
    case pegInDepositOutputMissing(input: Int, outputIndex: UInt32, outputCount: Int)
    case pegInWrongOutputID(input: Int, expected: Hash256)
    case pegInNotADeposit(input: Int)
    case pegInWrongFederation(input: Int)
    case pegInAssetNotPegged(input: Int, asset: AssetID)
    case pegInBelowMinimum(input: Int, amount: UInt64, minimum: UInt64)
    case pegInMalformedDestination(input: Int, reason: String)
    case pegInOutputMismatch(input: Int, reason: String)
    case pegInUnknownBlock(input: Int, blockHash: Hash256)
    case pegInBadProof(input: Int)
    case pegInBlockNotOnBestChain(input: Int, blockHash: Hash256)
    case pegInNotDeepEnough(input: Int, confirmations: UInt64, required: UInt64)
    case pegOutMixedBurns(input: Int, burnOutputID: Hash256, otherBurnOutputID: Hash256)

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
        case .pegInNotEnabled: 3201
        case .pegInMixedTransaction: 3202
        case .pegInFeeNotZero: 3203
        case .pegInOutputCount: 3204
        case .pegInDepositOutputMissing: 3205
        case .pegInWrongOutputID: 3206
        case .pegInNotADeposit: 3207
        case .pegInWrongFederation: 3208
        case .pegInAssetNotPegged: 3209
        case .pegInBelowMinimum: 3210
        case .pegInMalformedDestination: 3211
        case .pegInOutputMismatch: 3212
        case .pegInUnknownBlock: 3213
        case .pegInBadProof: 3214
        case .pegInBlockNotOnBestChain: 3215
        case .pegInNotDeepEnough: 3216
        case .pegOutMixedBurns: 3217
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
        case .pegInNotEnabled: "peg_in_not_enabled"
        case .pegInMixedTransaction: "peg_in_mixed_transaction"
        case .pegInFeeNotZero: "peg_in_fee_not_zero"
        case .pegInOutputCount: "peg_in_output_count"
        case .pegInDepositOutputMissing: "peg_in_deposit_output_missing"
        case .pegInWrongOutputID: "peg_in_wrong_output_id"
        case .pegInNotADeposit: "peg_in_not_a_deposit"
        case .pegInWrongFederation: "peg_in_wrong_federation"
        case .pegInAssetNotPegged: "peg_in_asset_not_pegged"
        case .pegInBelowMinimum: "peg_in_below_minimum"
        case .pegInMalformedDestination: "peg_in_malformed_destination"
        case .pegInOutputMismatch: "peg_in_output_mismatch"
        case .pegInUnknownBlock: "peg_in_unknown_block"
        case .pegInBadProof: "peg_in_bad_proof"
        case .pegInBlockNotOnBestChain: "peg_in_block_not_on_best_chain"
        case .pegInNotDeepEnough: "peg_in_not_deep_enough"
        case .pegOutMixedBurns: "peg_out_mixed_burns"
        }
    }

    public var message: String {
        switch self {
        case .malformed(let error): "cannot decode: \(error.message)"
        case .unsupportedVersion(let version): "transaction version \(version) is not supported"
        case .noInputs: "a transaction must spend at least one output"
        case .tooManyInputs(let count, let limit): "\(count) inputs, limit \(limit)"
        case .tooManyOutputs(let count, let limit): "\(count) outputs, limit \(limit)"
        case .transactionTooLarge(let bytes, let limit): "\(bytes) bytes, limit \(limit)"
        case .duplicateInput(let input): "input \(input) spends an output already spent by an earlier input"
        case .zeroAmountOutput(let output): "output \(output) has amount 0"
        case .invalidProgram(let output, let reason): "output \(output): \(reason)"
        case .missingInput(let input, let id): "input \(input) spends \(id), which is unknown or already spent"
        case .unbalancedAsset(let asset): "inputs and outputs (plus fee) of asset \(asset) differ"
        case .amountOverflow: "a sum of amounts overflows 64 bits"
        case .wrongWitness(let input, let reason): "input \(input): \(reason)"
        case .badSignature(let input): "input \(input): signature does not verify for this chain and transaction"
        case .multisigThresholdNotMet(let input, let valid, let required): "input \(input): \(valid) valid signatures, \(required) required"
        case .crossChainOutUnspendable(let input): "input \(input) spends a cross-chain-out burn, which is final"
        case .voteLockStillLocked(let input, let height): "input \(input): stake is locked until height \(height)"
        case .fillOutOfRange(let input, let filled, let available): "input \(input): fill of \(filled) with \(available) available"
        case .remainderMismatch(let input, let reason): "input \(input): partial-fill remainder \(reason)"
        case .remainderClaimedTwice(let output): "output \(output) is named as the remainder of two orders"
        case .sellerShortPaid(let asset, let owed, let paid): "a seller program is owed \(owed) of \(asset) but receives \(paid)"
        case .pegInNotEnabled: "this chain has no peg: mints are refused"
        case .pegInMixedTransaction(let input): "input \(input) is not a peg-in: a mint spends deposits only"
        case .pegInFeeNotZero(let fee): "a mint pays no fee, this one \(fee)"
        case .pegInOutputCount(let inputs, let outputs): "a mint pays one output per deposit: \(inputs) inputs, \(outputs) outputs"
        case .pegInDepositOutputMissing(let input, let index, let count):
            "input \(input): the deposit transaction has \(count) outputs, no output \(index)"
        case .pegInWrongOutputID(let input, let expected): "input \(input) must spend the deposit's main-chain output ID \(expected)"
        case .pegInNotADeposit(let input): "input \(input): the named main-chain output is not a federation deposit"
        case .pegInWrongFederation(let input): "input \(input): the deposit names another federation than this chain's"
        case .pegInAssetNotPegged(let input, let asset): "input \(input): asset \(asset) is not pegged"
        case .pegInBelowMinimum(let input, let amount, let minimum): "input \(input): deposit of \(amount) is below the minimum \(minimum)"
        case .pegInMalformedDestination(let input, let reason):
            "input \(input): the deposit's destination \(reason) (the federation refunds it)"
        case .pegInOutputMismatch(let input, let reason): "output \(input) must pay input \(input)'s deposit: \(reason)"
        case .pegInUnknownBlock(let input, let hash): "input \(input): main-chain header \(hash) is unknown here: submit the headers first"
        case .pegInBadProof(let input): "input \(input): the Merkle proof does not put the deposit in the header's transaction root"
        case .pegInBlockNotOnBestChain(let input, let hash):
            "input \(input): main-chain header \(hash) is on a side branch, not the best chain"
        case .pegInNotDeepEnough(let input, let confirmations, let required):
            "input \(input): deposit has \(confirmations) confirmations, \(required) required"
        case .pegOutMixedBurns(let input, let burn, let other):
            "input \(input) pays burn \(other), an earlier input \(burn): one burn per transaction"
        }
    }
}
