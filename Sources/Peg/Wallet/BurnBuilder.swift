import Crypto
import Ledger
import Primitives

/// A sidechain coin a key may spend, as the gateway's coins query lists it.
public struct SidechainCoin: Hashable, Sendable {
    public let outputID: Hash256
    public let asset: AssetID
    public let amount: Amount

    public init(outputID: Hash256, asset: AssetID, amount: Amount) {
        self.outputID = outputID
        self.asset = asset
        self.amount = amount
    }
}

/// Builds a peg-out burn on the sidechain: a transaction spending a key's coins of a pegged
/// asset with output 0 `.crossChainOut(mainChainAddress:)` of `amount` (the address = the
/// canonical bytes of a main-chain pay-to-key or multisig program) and the change back to
/// the key's pay-to-key as output 1. Fee 0. Signed with the key under the sidechain's ID.
///
/// The sidechain's rules for a burn (Ledger `ControlProgram.checkWellFormed`, Chain
/// `EntryRules.checkPeg`): the address must decode to a well-formed payout program, the asset
/// must be pegged, and the burn may not exceed the asset's pegged supply. The first two are
/// checked here; the supply only the node knows (it refuses with `peg_burn_exceeds_supply`).
/// Coins are chosen deterministically as in `DepositBuilder`. Once the burn is final the
/// federation pays it on the main chain exactly once, keyed by its output ID.
public struct BurnBuilder: Sendable {
    /// Most coins one burn spends.
    public static let coinsPerBurnMax = 64

    public let terms: PegTerms

    public init(terms: PegTerms) { self.terms = terms }

    /// A signed burn and the IDs the user follows it by.
    public struct Burn: Hashable, Sendable {
        public let transaction: Transaction
        public let transactionID: Hash256
        /// The burn output's ID (output 0): the key the federation pays it by.
        public let burnOutputID: Hash256
    }

    /// The burn of `amount` of `asset` from `key`'s `coins` (only coins of `asset` are used),
    /// paid on the main chain to `mainChainAddress`.
    public func burn(
        asset: AssetID, amount: Amount, mainChainAddress: ControlProgram, from coins: [SidechainCoin], key: any SigningKey
    ) throws(WalletError) -> Burn {
        let suite = terms.suite
        guard mainChainAddress.isPayout, mainChainAddress.checkWellFormed(suite: suite) == nil else {
            throw .badDestination("a main-chain address is a well-formed pay-to-key or multisig program")
        }
        guard terms.depositMinimums[asset] != nil else { throw .unpeggedAsset("\(asset)") }
        guard amount > .zero else { throw .badAmount("a burn must be above 0") }
        let usable = coins.filter { $0.asset == asset }.map { Coin(id: $0.outputID, units: $0.amount.units) }
        let (chosen, total) = try Coin.choose(usable, covering: amount.units, asset: asset, countMax: Self.coinsPerBurnMax)
        var outputs = [Output(asset: asset, amount: amount, program: .crossChainOut(mainChainAddress: mainChainAddress.canonicalBytes))]
        if total > amount.units {
            outputs.append(Output(asset: asset, amount: Amount(total - amount.units), program: .payToKey(key.publicKey)))
        }
        let unsigned = Transaction(inputs: chosen.map { Input(spending: $0.id, witness: .feePayout) }, outputs: outputs, fee: .zero)
        let signed = try Coin.sign(unsigned, key: key, chainID: terms.sidechainChainID, suite: suite)
        let transactionID = signed.id(suite: suite)
        return Burn(
            transaction: signed, transactionID: transactionID,
            burnOutputID: Transaction.outputID(transactionID: transactionID, index: 0, suite: suite))
    }
}
