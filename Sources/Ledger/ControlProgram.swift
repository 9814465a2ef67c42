import Crypto
import Primitives

/// Who may spend an output and how. A closed set with explicit rules (no script VM), each
/// checked by `TransactionValidator`.
public indirect enum ControlProgram: Hashable, Sendable {
    /// Spendable with one signature by the key.
    case payToKey(PublicKey)
    /// Spendable with `threshold` signatures by distinct keys of `keys` (1 ≤ m ≤ n ≤ 16).
    case multisig(threshold: UInt8, keys: [PublicKey])
    /// A resting order (see `MagneticOrder`).
    case magneticOrder(MagneticOrder)
    /// Stake voting for a validator candidate.
    case voteLock(VoteLock)
    /// A burn for peg-out to `mainChainAddress`; never spendable on this chain.
    case crossChainOut(mainChainAddress: [UInt8])
    /// An epoch's transaction fees awaiting their payout to validators and voters. Only the
    /// chain creates and spends it (clause `Witness.feePayout`); the chain's entry rules
    /// refuse it in user transactions.
    case feePool
    /// A main-chain deposit to the peg federation, naming the sidechain destination to mint
    /// to. Spent on the main chain by the federation (`Witness.multisig` for a refund or a
    /// move, `Witness.pegOut` to pay a burn); on the sidechain only named by a mint's
    /// evidence (`Witness.pegIn`), never an output there (chain rule).
    case federationDeposit(FederationDeposit)

    public static let maxMultisigKeys = 16
    public static let maxMainChainAddressBytes = 128

    /// Whether the program may receive a seller's proceeds.
    public var isPayout: Bool {
        switch self {
        case .payToKey, .multisig: true
        default: false
        }
    }

    /// The order terms, if this is a magnetic contract.
    public var magneticOrder: MagneticOrder? {
        if case .magneticOrder(let order) = self { order } else { nil }
    }

    /// The one key a trader controls this output with: a pay-to-key owner, or an order's
    /// seller (who may cancel it); nil for multisig, stakes and cross-chain outputs.
    public var traderKey: PublicKey? {
        switch self {
        case .payToKey(let key): key
        case .magneticOrder(let order): order.sellerKey
        default: nil
        }
    }

    /// Checks the program's own invariants; keys are checked against `suite`.
    public func checkWellFormed(suite: any CryptoSuite) -> String? {
        switch self {
        case .payToKey(let key):
            return suite.isValid(publicKey: key) ? nil : "invalid public key"
        case .multisig(let threshold, let keys):
            guard threshold >= 1, Int(threshold) <= keys.count, keys.count <= Self.maxMultisigKeys else {
                return "multisig needs 1 ≤ m ≤ n ≤ \(Self.maxMultisigKeys)"
            }
            guard Set(keys).count == keys.count else { return "multisig keys must be distinct" }
            return keys.allSatisfy(suite.isValid(publicKey:)) ? nil : "invalid public key"
        case .magneticOrder(let order):
            guard order.sellerProgram.isPayout else { return "seller program must be pay-to-key or multisig" }
            guard suite.isValid(publicKey: order.sellerKey) else { return "invalid seller key" }
            guard order.flags.isSubset(of: .all) else { return "unknown order flags" }
            guard UInt64(order.maxFeeBps) <= MagneticOrder.bpsPerWhole else { return "fee cap above 10000 bps" }
            return order.sellerProgram.checkWellFormed(suite: suite)
        case .voteLock(let lock):
            return suite.isValid(publicKey: lock.owner) && suite.isValid(publicKey: lock.candidate)
                ? nil : "invalid public key"
        case .crossChainOut(let address):
            return address.isEmpty ? "empty main-chain address" : nil
        case .feePool:
            return nil
        case .federationDeposit(let deposit):
            return deposit.problem(suite: suite)
        }
    }
}
