import Crypto
import Primitives

/// One signature of an m-of-n multisig spend, naming which key made it.
public struct KeySignature: Hashable, Sendable {
    public let keyIndex: UInt8
    public let signature: Signature
    public init(keyIndex: UInt8, signature: Signature) {
        self.keyIndex = keyIndex
        self.signature = signature
    }
}

/// How an input satisfies the program of the output it spends: the spend clause and its
/// evidence. Witnesses are not part of the transaction ID, so signing cannot change it.
public enum Witness: Hashable, Sendable {
    /// Pay-to-key: the key's signature of the input's signature hash.
    case signature(Signature)
    /// Multisig: signatures by distinct keys, in ascending key index order.
    case multisig([KeySignature])
    /// Magnetic order, cancel clause: the seller key's signature of this input's signature
    /// hash; the outputs are the seller's to choose (a replace re-locks them at once).
    case cancelOrder(Signature)
    /// Magnetic order, cancel-by-ID clause: the seller key's signature of the order's cancel
    /// message (`Transaction.cancelMessage`), which names the order, not an output, so it
    /// stays valid after partial fills move the order. The rest returns to the seller program.
    case cancelByOrderID(Signature)
    /// Magnetic order, fill clause: `filled` units are taken; a partial fill names the
    /// output that re-locks the remainder under the identical contract.
    case fillOrder(filled: Amount, remainderOutput: UInt32?)
    /// Magnetic order, return clause (settlements only): `filled` units (possibly 0) are
    /// taken as in a fill, and the rest goes back to the seller program. Used for IOC
    /// remainders, expiry, and post-only or self-trade cancels.
    case returnOrder(filled: Amount)
    /// Vote lock, unvote clause: the owner's signature; `lockOutput` re-locks the stake with
    /// the unlock height set.
    case unvote(Signature, lockOutput: UInt32)
    /// Vote lock, withdraw clause: the owner's signature, once the unlock delay has passed.
    case withdrawVote(Signature)
    /// Fee pool, payout clause (the chain's epoch payout only; users may not use it).
    case feePayout
    /// Mint (sidechain): the deposit this input mints and the federation's signatures (see
    /// `PegInEvidence`). Every input of a mint carries one.
    case pegIn(PegInEvidence)
    /// Federation holdings (main chain), paying a sidechain burn: signatures by at least the
    /// threshold of the spent program's keys over `Transaction.pegOutMessage` (this input's
    /// signature hash bound to `burnOutputID`, the burn's sidechain output ID). Every peg-out
    /// input of a transaction names the same burn.
    case pegOut(burnOutputID: Hash256, signatures: [KeySignature])
}

/// One spent output and the evidence that this transaction may spend it.
public struct Input: Hashable, Sendable {
    /// The ID of the output being spent.
    public let spentOutputID: Hash256
    public var witness: Witness

    public init(spending spentOutputID: Hash256, witness: Witness) {
        self.spentOutputID = spentOutputID
        self.witness = witness
    }
}

/// A quantity of one asset under a control program.
public struct Output: Hashable, Sendable {
    public let asset: AssetID
    public let amount: Amount
    public let program: ControlProgram

    public init(asset: AssetID, amount: Amount, program: ControlProgram) {
        self.asset = asset
        self.amount = amount
        self.program = program
    }
}
