import Crypto
import Ledger
import MainChain
import Primitives

/// Builds a peg-in deposit on the main chain: a transaction spending a key's pay-to-key coins
/// of one asset that pays `amount` to `ControlProgram.federationDeposit` (the federation's
/// keys, the sidechain destination's canonical bytes, the key's pay-to-key as the refund) as
/// output 0, and the change back to the key as output 1. Fee 0 (the devnet main chain needs
/// none). Signed with the key under the main chain's ID (its genesis header hash).
///
/// Coins are chosen deterministically: the key's coins of the asset in output-ID order,
/// taken until they cover the amount (at most `coinsPerDepositMax`), so the same coins give
/// the same transaction. Before signing, the deposit is judged as the federation would
/// (`PegTerms.judge`): an unpegged asset, an amount below the minimum or a destination the
/// sidechain would not mint to is refused here, since the federation would only refund it.
public struct DepositBuilder: Sendable {
    /// Most coins one deposit spends (a bound on its size).
    public static let coinsPerDepositMax = 64

    public let terms: PegTerms
    /// The main chain's ID (its genesis header hash: the signature hashes' domain).
    public let mainChainID: Hash256

    public init(terms: PegTerms, mainChainID: Hash256) {
        self.terms = terms
        self.mainChainID = mainChainID
    }

    /// A signed deposit and the IDs the user follows it by.
    public struct Deposit: Hashable, Sendable {
        public let transaction: Transaction
        public let transactionID: Hash256
        /// The deposit output's main-chain ID (output 0): the key the sidechain mints it once by.
        public let outputID: Hash256
    }

    /// The deposit of `amount` of `asset` from `key`'s `coins` (a holder page of
    /// `.payToKey(key.publicKey)`; other coins are ignored) to `destination`, a sidechain
    /// pay-to-key or multisig program.
    public func deposit(
        asset: AssetID, amount: Amount, destination: ControlProgram, from coins: [HeldOutput], key: any SigningKey
    ) throws(WalletError) -> Deposit {
        let suite = terms.suite
        let owner = ControlProgram.payToKey(key.publicKey)
        let deposit = FederationDeposit(federation: terms.federation, destination: destination.canonicalBytes, refund: owner)
        if let problem = deposit.problem(suite: suite) { throw .badDestination(problem) }
        guard amount > .zero else { throw .badAmount("a deposit must be above 0") }
        let depositOutput = Output(asset: asset, amount: amount, program: .federationDeposit(deposit))
        switch terms.judge(depositOutput, deposit) {
        case .mint: break
        case .refund(.unpeggedAsset): throw .unpeggedAsset("\(asset)")
        case .refund(.belowMinimum):
            throw .belowMinimum(asset: "\(asset)", amount: amount.units, minimum: terms.depositMinimums[asset]?.units ?? 0)
        case .refund(let reason): throw .badDestination("the sidechain would refund it: \(reason)")
        }
        let usable = coins.filter { $0.record.output.asset == asset && $0.record.output.program == owner }
            .map { Coin(id: $0.outputID, units: $0.record.output.amount.units) }
        let (chosen, total) = try Coin.choose(usable, covering: amount.units, asset: asset, countMax: Self.coinsPerDepositMax)
        var outputs = [depositOutput]
        if total > amount.units { outputs.append(Output(asset: asset, amount: Amount(total - amount.units), program: owner)) }
        let unsigned = Transaction(inputs: chosen.map { Input(spending: $0.id, witness: .feePayout) }, outputs: outputs, fee: .zero)
        let signed = try Coin.sign(unsigned, key: key, chainID: mainChainID, suite: suite)
        let transactionID = signed.id(suite: suite)
        return Deposit(
            transaction: signed, transactionID: transactionID,
            outputID: Transaction.outputID(transactionID: transactionID, index: 0, suite: suite))
    }
}

/// A coin a wallet builder may spend: its output ID and minor units (of the asset asked for).
struct Coin: Hashable, Sendable {
    let id: Hash256
    let units: UInt64

    /// `coins` in output-ID order, taken until they cover `units` (at most `countMax`).
    static func choose(_ coins: [Coin], covering units: UInt64, asset: AssetID, countMax: Int) throws(WalletError) -> (
        [Coin], UInt64
    ) {
        var chosen: [Coin] = []
        var total: UInt64 = 0
        for coin in coins.sorted(by: { $0.id.bytes.lexicographicallyPrecedes($1.id.bytes) })
        where total < units && chosen.count < countMax {
            let (sum, overflow) = total.addingReportingOverflow(coin.units)
            guard !overflow else { break }
            chosen.append(coin)
            total = sum
        }
        guard total >= units else { throw .insufficientFunds(asset: asset, needed: units, available: total) }
        return (chosen, total)
    }

    /// Signs every input of `unsigned` with `key` (pay-to-key witnesses), deterministically.
    static func sign(_ unsigned: Transaction, key: any SigningKey, chainID: Hash256, suite: any CryptoSuite) throws(WalletError)
        -> Transaction
    {
        do {
            return try unsigned.withWitnesses(chainID: chainID, suite: suite) { _, sighash in
                .signature(try suite.signDeterministically(sighash, with: key))
            }
        } catch {
            throw .signingFailed("\(error)")
        }
    }
}
