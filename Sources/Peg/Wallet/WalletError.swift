import Primitives

/// Why a wallet builder (`DepositBuilder`, `BurnBuilder`) or the `lodestone peg` commands
/// could not make a transfer (codes 11301–11399, the Peg module's wallet block; docs/PEG.md).
/// Every refusal is local: nothing was signed or sent.
public enum WalletError: CodedError, Equatable {
    /// The main chain could not be asked (wraps the client's 110xx error).
    case mainChain(MainChainClientError)
    /// The key's coins of the asset (within the per-transaction input bound) fall short.
    case insufficientFunds(asset: AssetID, needed: UInt64, available: UInt64)
    /// The amount is zero, does not parse, or has more decimals than the asset.
    case badAmount(String)
    /// The sidechain's genesis pegs no such asset: a deposit of it would be refunded.
    case unpeggedAsset(String)
    /// Below the asset's minimum deposit: the federation would refund it.
    case belowMinimum(asset: String, amount: UInt64, minimum: UInt64)
    /// The destination (sidechain) or address (main chain) is not a well-formed pay-to-key
    /// or multisig program.
    case badDestination(String)
    /// The key could not sign.
    case signingFailed(String)
    /// The sidechain's genesis has no peg section.
    case noPeg

    public var code: UInt16 {
        switch self {
        case .mainChain: 11301
        case .insufficientFunds: 11302
        case .badAmount: 11303
        case .unpeggedAsset: 11304
        case .belowMinimum: 11305
        case .badDestination: 11306
        case .signingFailed: 11307
        case .noPeg: 11308
        }
    }

    public var name: String {
        switch self {
        case .mainChain: "wallet_main_chain"
        case .insufficientFunds: "wallet_insufficient_funds"
        case .badAmount: "wallet_bad_amount"
        case .unpeggedAsset: "wallet_unpegged_asset"
        case .belowMinimum: "wallet_below_minimum"
        case .badDestination: "wallet_bad_destination"
        case .signingFailed: "wallet_signing_failed"
        case .noPeg: "wallet_no_peg"
        }
    }

    public var message: String {
        switch self {
        case .mainChain(let error): "the main chain could not be asked: \(error.description)"
        case .insufficientFunds(let asset, let needed, let available):
            "the key's coins of \(asset) hold \(available) minor units (within the input bound); \(needed) are needed"
        case .badAmount(let reason): "bad amount: \(reason)"
        case .unpeggedAsset(let symbol): "the sidechain pegs no asset \(symbol); a deposit of it would only be refunded"
        case .belowMinimum(let asset, let amount, let minimum):
            "\(amount) minor units of \(asset) is below the peg's minimum deposit of \(minimum); the federation would refund it"
        case .badDestination(let reason): "bad destination: \(reason)"
        case .signingFailed(let reason): "cannot sign: \(reason)"
        case .noPeg: "the sidechain's genesis has no peg section"
        }
    }
}
