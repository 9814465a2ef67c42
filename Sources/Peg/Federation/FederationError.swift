import Crypto
import Primitives
import Storage

/// Why a federation member's step failed (codes 11101–11199; docs/PEG.md).
public enum FederationError: CodedError, Equatable {
    /// The member's record store failed.
    case storage(StorageError)
    /// A stored record does not decode: the store was damaged or written by something else.
    case corruptRecord(key: String, detail: String)
    /// A step out of order: an entry moves one stage forward at a time.
    case stageOrder(id: Hash256, from: String, to: String)
    /// The entry is done; done work is never redone.
    case alreadyDone(id: Hash256)
    /// No entry for this ID in the record.
    case unknownEntry(id: Hash256)
    /// The member stopped on a deep main-chain reorg (or was told to) and does nothing until
    /// an operator looks.
    case halted(reason: String)
    /// The main chain could not be asked (after the client's retries).
    case mainChain(MainChainClientError)
    /// A mint cannot be built for this deposit (not a federation deposit of ours, refunded, …).
    case notMintable(outputID: Hash256, reason: String)
    /// Fewer valid signature shares than the federation's threshold.
    case tooFewShares(valid: Int, required: Int)
    /// This member's key could not sign.
    case signingFailed(CryptoError)
    /// The member's configuration is inconsistent (its key is not in the federation, K = 0, …).
    case badConfiguration(String)
    /// A burn the federation cannot pay: its main-chain address is not a payout program, its
    /// amount is zero, …
    case unpayableBurn(burnID: Hash256, reason: String)
    /// The federation's holdings of the asset (within the per-payment input bound) fall short.
    case insufficientHoldings(asset: AssetID, needed: UInt64, available: UInt64)

    public var code: UInt16 {
        switch self {
        case .storage: 11101
        case .corruptRecord: 11102
        case .stageOrder: 11103
        case .alreadyDone: 11104
        case .unknownEntry: 11105
        case .halted: 11106
        case .mainChain: 11107
        case .notMintable: 11108
        case .tooFewShares: 11109
        case .signingFailed: 11110
        case .badConfiguration: 11111
        case .unpayableBurn: 11112
        case .insufficientHoldings: 11113
        }
    }

    public var name: String {
        switch self {
        case .storage: "federation_storage"
        case .corruptRecord: "federation_corrupt_record"
        case .stageOrder: "federation_stage_order"
        case .alreadyDone: "federation_already_done"
        case .unknownEntry: "federation_unknown_entry"
        case .halted: "federation_halted"
        case .mainChain: "federation_main_chain"
        case .notMintable: "federation_not_mintable"
        case .tooFewShares: "federation_too_few_shares"
        case .signingFailed: "federation_signing_failed"
        case .badConfiguration: "federation_bad_configuration"
        case .unpayableBurn: "federation_unpayable_burn"
        case .insufficientHoldings: "federation_insufficient_holdings"
        }
    }

    public var message: String {
        switch self {
        case .storage(let error): "record store: \(error)"
        case .corruptRecord(let key, let detail): "record \(key) does not decode: \(detail)"
        case .stageOrder(let id, let from, let to): "\(id) cannot go from \(from) to \(to)"
        case .alreadyDone(let id): "\(id) is done"
        case .unknownEntry(let id): "no record of \(id)"
        case .halted(let reason): "the member is halted: \(reason)"
        case .mainChain(let error): "\(error)"
        case .notMintable(let outputID, let reason): "no mint for \(outputID): \(reason)"
        case .tooFewShares(let valid, let required): "\(valid) valid signature shares, \(required) required"
        case .signingFailed(let error): "signing: \(error)"
        case .badConfiguration(let detail): detail
        case .unpayableBurn(let burnID, let reason): "burn \(burnID) cannot be paid: \(reason)"
        case .insufficientHoldings(let asset, let needed, let available):
            "\(needed) of \(asset) needed, the federation's usable holdings have \(available)"
        }
    }
}
