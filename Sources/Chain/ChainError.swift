import Crypto
import Ledger
import Matching
import Primitives
import Storage

/// Why the chain refused a block, a transaction or a cancel (codes 8xxx). A rejected item
/// changes no state.
public enum ChainError: CodedError, Equatable {
    // Transactions and orders at entry.
    case ledger(LedgerError)
    case unknownMarket(offered: AssetID, requested: AssetID)
    case marketNotActive(symbol: String)
    case orderOffGrid(symbol: String, rule: String)
    case feeCapTooLow(symbol: String, capBps: UInt16, requiredBps: UInt16)
    case fillOutsideSettlement(input: Int)
    case tooManyOrders(count: Int, limit: Int)
    case matching(symbol: String, MatchingError)
    case unknownOrder(orderID: Hash256)
    case cancelBadSignature(orderID: Hash256)
    case duplicate(id: Hash256)
    // Cancel-all requests and dead-man switches at entry.
    case cancelAllBadSignature(sellerKey: PublicKey)
    case cancelAllNothingLeft(sellerKey: PublicKey)
    case cancelAllTooOld(upToHeight: UInt64, height: UInt64, windowBlocks: UInt64)
    case cancelAllFutureHeight(upToHeight: UInt64, height: UInt64)
    case scopeUnknownMarket(market: UInt32, count: Int)
    case deadManBadSignature(sellerKey: PublicKey)
    case deadManStale(trigger: UInt64, armed: UInt64)
    case deadManOutOfRange(trigger: UInt64, height: UInt64, horizonBlocks: UInt64)
    case deadManTableFull(limit: Int)
    // Blocks.
    case wrongChain
    case wrongHeight(expected: UInt64, got: UInt64)
    case wrongParent(expected: Hash256, got: Hash256)
    case timestampNotIncreasing(previousMs: UInt64, gotMs: UInt64)
    case blockTooLarge(bytes: Int, limit: Int)
    case tooManyTransactions(count: Int, limit: Int)
    case rootMismatch(field: String)
    case settlementMismatch(market: String)
    case badProposerSignature
    case unknownProposer
    case malformedBlock(PrimitivesError)
    case conservationViolated(asset: AssetID)
    case commitment(MultisetHashError)
    case bookFull(symbol: String)
    /// The block already holds as many new orders and cancels of this market as one block
    /// can settle; the item waits in the pool for a later block.
    case marketBlockFull(symbol: String, limit: Int)
    /// As many resting orders of this market already expire at this height as one block can
    /// settle at once; choose another expiry height.
    case expiryHeightFull(symbol: String, height: UInt64, limit: Int)
    case orderExpired(expiry: UInt64, height: UInt64)
    // Staking at entry.
    case voteLockNotNative(output: Int)
    case voteLockWrongDelay(output: Int, expected: UInt64, got: UInt64)
    case stakeFrozen(input: Int, validator: PublicKey)
    case feePoolReserved(reason: String)
    case stakeTransaction(reason: String)
    // Finality in blocks.
    case missingLastCommit(height: UInt64)
    case unexpectedLastCommit
    case lastCommitWrongTarget(reason: String)
    case lastCommitInvalid(FinalityError)
    case tooManyEvidence(count: Int, limit: Int)
    case evidenceInvalid(index: Int, FinalityError)
    case evidenceNotMember(index: Int)
    case evidenceDuplicate(index: Int)
    case evidenceAlreadyPunished(index: Int)
    // Storage.
    case storage(StorageError)
    case storageCorrupt(reason: String)
    // Mempool.
    case mempoolFull(resource: MempoolResource, limit: Int)
    case conflict(outputID: Hash256, transactionID: Hash256)
    case cancelPending(orderID: Hash256)
    case mempoolLimitsInvalid(resource: MempoolResource, value: Int, ceiling: Int)
    case staleState(height: UInt64, poolHeight: UInt64)
    // The main-chain peg (codes 84xx).
    /// A block's main-chain header the state's header tree refuses (its `HeaderChainError`
    /// code tells which rule).
    case pegHeaderRejected(index: Int, HeaderChainError)
    /// Main-chain headers in a block of a chain whose genesis has no peg.
    case pegNotEnabled
    /// A mint after a deep main-chain reorganization halted the peg.
    case pegHalted(PegHalt)
    /// A mint of a main-chain output already minted.
    case pegMintReplayed(outputID: Hash256)
    case pegMintedFull(limit: Int)
    /// A cross-chain-out burn of an asset the peg does not carry.
    case pegBurnNotPegged(output: Int, asset: AssetID)
    /// A cross-chain-out burn of more than was pegged in and not yet burned.
    case pegBurnExceedsSupply(output: Int, supply: UInt64, burned: UInt64)
    /// A federation deposit is a main-chain program; a sidechain output may not be one.
    case pegDepositOutput(output: Int)

    public var code: UInt16 {
        switch self {
        case .ledger: 8001
        case .unknownMarket: 8002
        case .marketNotActive: 8003
        case .orderOffGrid: 8004
        case .feeCapTooLow: 8005
        case .fillOutsideSettlement: 8006
        case .tooManyOrders: 8007
        case .matching: 8008
        case .unknownOrder: 8009
        case .cancelBadSignature: 8010
        case .duplicate: 8011
        case .cancelAllBadSignature: 8019
        case .cancelAllNothingLeft: 8020
        case .cancelAllTooOld: 8021
        case .cancelAllFutureHeight: 8022
        case .scopeUnknownMarket: 8023
        case .deadManBadSignature: 8024
        case .deadManStale: 8025
        case .deadManOutOfRange: 8026
        case .deadManTableFull: 8027
        case .wrongChain: 8101
        case .wrongHeight: 8102
        case .wrongParent: 8103
        case .timestampNotIncreasing: 8104
        case .blockTooLarge: 8105
        case .tooManyTransactions: 8106
        case .rootMismatch: 8107
        case .settlementMismatch: 8108
        case .badProposerSignature: 8109
        case .unknownProposer: 8110
        case .malformedBlock: 8111
        case .conservationViolated: 8112
        case .commitment: 8113
        case .bookFull: 8012
        case .marketBlockFull: 8029
        case .expiryHeightFull: 8030
        case .orderExpired: 8013
        case .voteLockNotNative: 8014
        case .voteLockWrongDelay: 8015
        case .stakeFrozen: 8016
        case .feePoolReserved: 8017
        case .stakeTransaction: 8018
        case .missingLastCommit: 8114
        case .unexpectedLastCommit: 8115
        case .lastCommitWrongTarget: 8116
        case .lastCommitInvalid: 8117
        case .tooManyEvidence: 8118
        case .evidenceInvalid: 8119
        case .evidenceNotMember: 8120
        case .evidenceDuplicate: 8121
        case .evidenceAlreadyPunished: 8122
        case .storage: 8201
        case .storageCorrupt: 8202
        case .mempoolFull: 8301
        case .conflict: 8302
        case .cancelPending: 8303
        case .mempoolLimitsInvalid: 8304
        case .staleState: 8305
        case .pegHeaderRejected: 8401
        case .pegNotEnabled: 8402
        case .pegHalted: 8403
        case .pegMintReplayed: 8404
        case .pegMintedFull: 8405
        case .pegBurnNotPegged: 8406
        case .pegBurnExceedsSupply: 8407
        case .pegDepositOutput: 8408
        }
    }

    public var name: String {
        switch self {
        case .ledger: "ledger_rejected"
        case .unknownMarket: "unknown_market"
        case .marketNotActive: "market_not_active"
        case .orderOffGrid: "order_off_grid"
        case .feeCapTooLow: "fee_cap_too_low"
        case .fillOutsideSettlement: "fill_outside_settlement"
        case .tooManyOrders: "too_many_orders"
        case .matching: "matching_rejected"
        case .unknownOrder: "unknown_order"
        case .cancelBadSignature: "cancel_bad_signature"
        case .duplicate: "duplicate"
        case .cancelAllBadSignature: "cancel_all_bad_signature"
        case .cancelAllNothingLeft: "cancel_all_nothing_left"
        case .cancelAllTooOld: "cancel_all_too_old"
        case .cancelAllFutureHeight: "cancel_all_future_height"
        case .scopeUnknownMarket: "scope_unknown_market"
        case .deadManBadSignature: "dead_man_bad_signature"
        case .deadManStale: "dead_man_stale"
        case .deadManOutOfRange: "dead_man_out_of_range"
        case .deadManTableFull: "dead_man_table_full"
        case .wrongChain: "wrong_chain"
        case .wrongHeight: "wrong_height"
        case .wrongParent: "wrong_parent"
        case .timestampNotIncreasing: "timestamp_not_increasing"
        case .blockTooLarge: "block_too_large"
        case .tooManyTransactions: "too_many_transactions"
        case .rootMismatch: "root_mismatch"
        case .settlementMismatch: "settlement_mismatch"
        case .badProposerSignature: "bad_proposer_signature"
        case .unknownProposer: "unknown_proposer"
        case .malformedBlock: "malformed_block"
        case .conservationViolated: "conservation_violated"
        case .commitment: "commitment_failed"
        case .bookFull: "book_full"
        case .marketBlockFull: "market_block_full"
        case .expiryHeightFull: "expiry_height_full"
        case .orderExpired: "order_expired"
        case .voteLockNotNative: "vote_lock_not_native"
        case .voteLockWrongDelay: "vote_lock_wrong_delay"
        case .stakeFrozen: "stake_frozen"
        case .feePoolReserved: "fee_pool_reserved"
        case .stakeTransaction: "stake_transaction"
        case .missingLastCommit: "missing_last_commit"
        case .unexpectedLastCommit: "unexpected_last_commit"
        case .lastCommitWrongTarget: "last_commit_wrong_target"
        case .lastCommitInvalid: "last_commit_invalid"
        case .tooManyEvidence: "too_many_evidence"
        case .evidenceInvalid: "evidence_invalid"
        case .evidenceNotMember: "evidence_not_member"
        case .evidenceDuplicate: "evidence_duplicate"
        case .evidenceAlreadyPunished: "evidence_already_punished"
        case .storage: "storage_failed"
        case .storageCorrupt: "storage_corrupt"
        case .mempoolFull: "mempool_full"
        case .conflict: "conflict"
        case .cancelPending: "cancel_pending"
        case .mempoolLimitsInvalid: "mempool_limits_invalid"
        case .staleState: "stale_state"
        case .pegHeaderRejected: "peg_header_rejected"
        case .pegNotEnabled: "peg_not_enabled"
        case .pegHalted: "peg_halted"
        case .pegMintReplayed: "peg_mint_replayed"
        case .pegMintedFull: "peg_minted_full"
        case .pegBurnNotPegged: "peg_burn_not_pegged"
        case .pegBurnExceedsSupply: "peg_burn_exceeds_supply"
        case .pegDepositOutput: "peg_deposit_output"
        }
    }

    public var message: String {
        switch self {
        case .ledger(let error): error.description
        case .unknownMarket(let offered, let requested): "no market trades \(offered) against \(requested)"
        case .marketNotActive(let symbol): "market \(symbol) is not taking orders"
        case .orderOffGrid(let symbol, let rule): "\(symbol): \(rule)"
        case .feeCapTooLow(let symbol, let cap, let required): "\(symbol): order fee cap \(cap) bps is below the market's \(required) bps"
        case .fillOutsideSettlement(let input): "input \(input): orders are filled only by block settlements"
        case .tooManyOrders(let count, let limit): "\(count) orders in one transaction, limit \(limit)"
        case .matching(let symbol, let error): "\(symbol): \(error.description)"
        case .unknownOrder(let orderID): "order \(orderID) is not resting"
        case .cancelBadSignature(let orderID): "cancel of \(orderID) is not signed by its seller key"
        case .duplicate(let id): "\(id) was already accepted"
        case .cancelAllBadSignature(let key): "cancel-all is not signed by \(key) for this chain"
        case .cancelAllNothingLeft(let key): "cancel-all of \(key) names no order left to cancel (replayed, or nothing to cancel)"
        case .cancelAllTooOld(let upTo, let height, let window):
            "cancel-all bound \(upTo) is more than \(window) blocks below height \(height); sign a fresh one"
        case .cancelAllFutureHeight(let upTo, let height): "cancel-all bound \(upTo) is above the block's height \(height)"
        case .scopeUnknownMarket(let market, let count): "market index \(market) does not exist (\(count) markets)"
        case .deadManBadSignature(let key): "dead-man switch is not signed by \(key) for this chain"
        case .deadManStale(let trigger, let armed):
            "dead-man trigger \(trigger) is not above the armed \(armed) (replayed or out of order)"
        case .deadManOutOfRange(let trigger, let height, let horizon):
            "dead-man trigger \(trigger) must be above height \(height) and at most \(horizon) blocks ahead"
        case .deadManTableFull(let limit): "\(limit) dead-man switches are armed; no room for another"
        case .wrongChain: "block is for another chain"
        case .wrongHeight(let expected, let got): "height \(got), expected \(expected)"
        case .wrongParent(let expected, let got): "parent \(got), expected \(expected)"
        case .timestampNotIncreasing(let previous, let got): "timestamp \(got) ms is not after \(previous) ms"
        case .blockTooLarge(let bytes, let limit): "\(bytes) bytes, limit \(limit)"
        case .tooManyTransactions(let count, let limit): "\(count) transactions, limit \(limit)"
        case .rootMismatch(let field): "\(field) differs from the re-executed block"
        case .settlementMismatch(let market): "settlement of \(market) differs from the re-executed block"
        case .badProposerSignature: "proposer signature does not verify"
        case .unknownProposer: "proposer is not a validator"
        case .malformedBlock(let error): "cannot decode block: \(error.message)"
        case .conservationViolated(let asset): "asset \(asset) total changed across a block"
        case .commitment(let error): "state commitment: \(error.message)"
        case .bookFull(let symbol): "\(symbol): no room for another resting order this block"
        case .marketBlockFull(let symbol, let limit):
            "\(symbol): this block already holds \(limit) new orders and cancels of the market, what one block can settle"
        case .expiryHeightFull(let symbol, let height, let limit):
            "\(symbol): \(limit) orders already expire at height \(height), what one block can settle; choose another expiry height"
        case .orderExpired(let expiry, let height): "order expires at height \(expiry), before block \(height)"
        case .voteLockNotNative(let output): "output \(output): a vote lock must hold the native asset"
        case .voteLockWrongDelay(let output, let expected, let got):
            "output \(output): a vote lock must carry the genesis unlock delay of \(expected) blocks, not \(got)"
        case .stakeFrozen(let input, let validator):
            "input \(input): validator \(validator) was punished for equivocation; its self-stake stays locked"
        case .feePoolReserved(let reason): "the epoch fee pool is the chain's: \(reason)"
        case .stakeTransaction(let reason): "cannot build the stake transaction: \(reason)"
        case .missingLastCommit(let height): "block \(height) must carry the commit certificate of block \(height - 1)"
        case .unexpectedLastCommit: "block 1 has no previous block to certify"
        case .lastCommitWrongTarget(let reason): "last commit: \(reason)"
        case .lastCommitInvalid(let error): "last commit: \(error.message)"
        case .tooManyEvidence(let count, let limit): "\(count) evidence items, limit \(limit)"
        case .evidenceInvalid(let index, let error): "evidence \(index): \(error.message)"
        case .evidenceNotMember(let index):
            "evidence \(index) names a key in neither the current nor the previous validator set, or at another index than its votes"
        case .evidenceDuplicate(let index): "evidence \(index) punishes a validator an earlier item of the block already does"
        case .evidenceAlreadyPunished(let index): "evidence \(index) names a validator already punished"
        case .storage(let error): error.description
        case .storageCorrupt(let reason): "stored chain state is inconsistent: \(reason)"
        case .mempoolFull(let resource, let limit): "the mempool holds its limit of \(limit) \(resource.rawValue)"
        case .conflict(let outputID, let transactionID): "output \(outputID) is already spent by pooled transaction \(transactionID)"
        case .cancelPending(let orderID):
            "order \(orderID) has a pooled cancel request, so no transaction may spend it before the next block"
        case .mempoolLimitsInvalid(let resource, let value, let ceiling):
            "mempool limit on \(resource.rawValue) is \(value), must be 1...\(ceiling)"
        case .staleState(let height, let poolHeight):
            "checked against the state at height \(height), but the mempool follows height \(poolHeight); submit against the current state"
        case .pegHeaderRejected(let index, let error): "main-chain header \(index): \(error.name) (\(error.code)): \(error.message)"
        case .pegNotEnabled: "this chain's genesis has no peg: it takes no main-chain headers or mints"
        case .pegHalted(let halt): "the peg is halted (\(halt)); no mints"
        case .pegMintReplayed(let outputID): "main-chain output \(outputID) was already minted"
        case .pegMintedFull(let limit): "\(limit) deposits were minted, the most this chain records"
        case .pegBurnNotPegged(let output, let asset): "output \(output): asset \(asset) is not pegged; it cannot cross to the main chain"
        case .pegBurnExceedsSupply(let output, let supply, let burned):
            "output \(output): burns \(burned) units, but only \(supply) pegged in remain"
        case .pegDepositOutput(let output): "output \(output): a federation deposit is a main-chain program, not valid on the sidechain"
        }
    }
}
