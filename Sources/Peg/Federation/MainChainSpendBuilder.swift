import Crypto
import Ledger
import Primitives

/// An unspent main-chain output the federation holds: a deposit locked by
/// `federationDeposit` with its keys, or change locked by its plain multisig program.
public struct FederationHolding: Hashable, Sendable {
    public let outputID: Hash256
    public let output: Output

    public init(outputID: Hash256, output: Output) {
        self.outputID = outputID
        self.output = output
    }
}

/// Builds the federation's main-chain spends — a refund of a refused deposit, a payment of a
/// sidechain burn (peg-out) — makes a member's shares and assembles them.
///
/// Both are fee 0 (the devnet main chain burns fees and needs none). A refund spends the
/// deposit with `Witness.multisig` and pays all of it to the deposit's refund program. A
/// payment spends holdings of the burned asset with `Witness.pegOut(burnOutputID:)`, chosen
/// deterministically (output-ID order, so every member proposes the same transaction), pays
/// the burn's amount to the main-chain program its address names, and returns change to the
/// federation's multisig. Each peg-out signature covers `Transaction.pegOutMessage` (the
/// input's signature hash bound to the burn), so it cannot pay another burn.
public struct MainChainSpendBuilder: Sendable {
    /// Most holdings one payment spends (a bound on its size and on the members' signing).
    public static let holdingsPerPaymentMax = 64

    public let terms: PegTerms
    /// The main chain's ID (its signature hashes' domain).
    public let mainChainID: Hash256

    public init(terms: PegTerms, mainChainID: Hash256) {
        self.terms = terms
        self.mainChainID = mainChainID
    }

    /// Whether `output` is held by this federation on the main chain.
    public func isHeld(_ output: Output) -> Bool {
        terms.depositTerms(of: output) != nil || output.program == terms.federation.multisigProgram
    }

    /// The unsigned refund of deposit `outputID` (`output`, locked by this federation's
    /// `federationDeposit`): everything back to its refund program.
    public func refund(outputID: Hash256, output: Output) throws(FederationError) -> Transaction {
        guard let deposit = terms.depositTerms(of: output) else {
            throw .notMintable(outputID: outputID, reason: "not a deposit to this federation, nothing to refund")
        }
        return Transaction(
            inputs: [Input(spending: outputID, witness: .multisig([]))],
            outputs: [Output(asset: output.asset, amount: output.amount, program: deposit.refund)], fee: .zero)
    }

    /// The unsigned payment of burn `burnID` (`amount` of `asset` to `mainChainAddress`, the
    /// canonical bytes of a main-chain pay-to-key or multisig program) from `holdings`.
    public func payment(
        burnID: Hash256, asset: AssetID, amount: Amount, mainChainAddress: [UInt8], holdings: [FederationHolding]
    ) throws(FederationError) -> Transaction {
        let destination: ControlProgram
        do { destination = try ControlProgram(canonicalBytes: mainChainAddress) } catch {
            throw .unpayableBurn(burnID: burnID, reason: "the address does not decode: \(error.message)")
        }
        guard destination.isPayout, destination.checkWellFormed(suite: terms.suite) == nil else {
            throw .unpayableBurn(burnID: burnID, reason: "the address is not a well-formed pay-to-key or multisig program")
        }
        guard amount > .zero else { throw .unpayableBurn(burnID: burnID, reason: "zero amount") }
        let usable = holdings.filter { $0.output.asset == asset && isHeld($0.output) }.sorted {
            $0.outputID.bytes.lexicographicallyPrecedes($1.outputID.bytes)
        }
        var chosen: [FederationHolding] = []
        var total: UInt64 = 0
        for holding in usable where total < amount.units && chosen.count < Self.holdingsPerPaymentMax {
            let (sum, overflow) = total.addingReportingOverflow(holding.output.amount.units)
            guard !overflow else { break }
            chosen.append(holding)
            total = sum
        }
        guard total >= amount.units else { throw .insufficientHoldings(asset: asset, needed: amount.units, available: total) }
        var outputs = [Output(asset: asset, amount: amount, program: destination)]
        if total > amount.units {
            outputs.append(Output(asset: asset, amount: Amount(total - amount.units), program: terms.federation.multisigProgram))
        }
        return Transaction(
            inputs: chosen.map { Input(spending: $0.outputID, witness: .pegOut(burnOutputID: burnID, signatures: [])) },
            outputs: outputs, fee: .zero)
    }

    /// What the federation's keys sign for input `index`: the signature hash for a
    /// `multisig` witness, the peg-out message for a `pegOut` one.
    public func message(of transaction: Transaction, inputIndex index: Int) -> Hash256 {
        if case .pegOut(let burnOutputID, _) = transaction.inputs[index].witness {
            return transaction.pegOutMessage(inputIndex: index, burnOutputID: burnOutputID, chainID: mainChainID, suite: terms.suite)
        }
        return transaction.signatureHash(inputIndex: index, chainID: mainChainID, suite: terms.suite)
    }

    /// This member's shares: one signature per input, in input order.
    public func shares(of transaction: Transaction, key: any SigningKey) throws(FederationError) -> [KeySignature] {
        guard let keyIndex = terms.federation.keys.firstIndex(of: key.publicKey) else {
            throw .badConfiguration("this member's key is not in the federation")
        }
        var shares: [KeySignature] = []
        for index in transaction.inputs.indices {
            do {
                let signature = try terms.suite.sign(message(of: transaction, inputIndex: index).bytes, with: key)
                shares.append(KeySignature(keyIndex: UInt8(keyIndex), signature: signature))
            } catch {
                throw .signingFailed(error)
            }
        }
        return shares
    }

    /// The transaction with, on every input, the members' shares that verify (one per key,
    /// ascending key index); `memberShares` holds each member's `shares(of:key:)`. Fails
    /// when an input has fewer valid shares than the threshold.
    public func assemble(_ transaction: Transaction, memberShares: [[KeySignature]]) throws(FederationError) -> Transaction {
        var assembled = transaction
        let keys = terms.federation.keys
        for index in transaction.inputs.indices {
            let message = message(of: transaction, inputIndex: index).bytes
            var byKey: [UInt8: KeySignature] = [:]
            for shares in memberShares where index < shares.count {
                let share = shares[index]
                guard byKey[share.keyIndex] == nil, Int(share.keyIndex) < keys.count,
                    terms.suite.verify(share.signature, of: message, by: keys[Int(share.keyIndex)])
                else { continue }
                byKey[share.keyIndex] = share
            }
            let valid = byKey.keys.sorted().compactMap { byKey[$0] }
            guard valid.count >= Int(terms.federation.threshold) else {
                throw .tooFewShares(valid: valid.count, required: Int(terms.federation.threshold))
            }
            switch transaction.inputs[index].witness {
            case .pegOut(let burnOutputID, _): assembled.inputs[index].witness = .pegOut(burnOutputID: burnOutputID, signatures: valid)
            default: assembled.inputs[index].witness = .multisig(valid)
            }
        }
        return assembled
    }
}
