import Crypto
import Ledger
import Primitives

/// A burn: a cross-chain-out output a block created, which the federation pays on the main
/// chain exactly once (keyed by `outputID`). The store indexes them by height
/// (`ChainStore.burns(from:)`), so a federation member finds them without scanning blocks.
public struct PegBurn: Hashable, Sendable, CanonicalCodable {
    public let outputID: Hash256
    public let asset: AssetID
    public let amount: Amount
    /// The canonical bytes of the main-chain program to pay.
    public let mainChainAddress: [UInt8]

    public init(outputID: Hash256, asset: AssetID, amount: Amount, mainChainAddress: [UInt8]) {
        self.outputID = outputID
        self.asset = asset
        self.amount = amount
        self.mainChainAddress = mainChainAddress
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(outputID)
        writer.write(asset.hash)
        writer.write(amount)
        writer.writeBytes(mainChainAddress)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(
            outputID: try reader.readHash(), asset: AssetID(try reader.readHash()), amount: try reader.readAmount(),
            mainChainAddress: try reader.readBytes(field: "peg_burn.address", limit: ControlProgram.maxMainChainAddressBytes))
    }
}

/// What one block did to the peg: the headers it took, the deposits it minted (main-chain
/// output IDs, block order), the units minted per asset (which conservation allows), its
/// burns, and whether it halted the peg.
public struct PegWork: Sendable {
    public internal(set) var headers: [MainChainHeader] = []
    public internal(set) var minted: [Hash256] = []
    public internal(set) var mintedUnits: [AssetID: UInt64] = [:]
    public internal(set) var burns: [PegBurn] = []
}

extension BlockExecutor {
    /// Phase 0 for one header: into the peg's tree, or the block is invalid (a proposer
    /// leaves it out). A chain without a peg takes none.
    mutating func acceptMainChainHeader(_ header: MainChainHeader, index: Int) throws(ChainError) {
        guard peg != nil else { throw .pegNotEnabled }
        let height = height
        // In place through the optional: the tree is copied at most once per block.
        try peg?.accept(header, index: index, height: height)
        pegWork.headers.append(header)
    }

    /// After phase 0: the ledger judges mints against the header tree as this block left it.
    mutating func judgeMintsByBlockHeaders() {
        guard let context = peg?.context else { return }
        let ledgerContext = config.context(height: height, peg: context)
        validator = TransactionValidator(context: ledgerContext, verifiesSignatures: true)
        trustingValidator = TransactionValidator(context: ledgerContext, verifiesSignatures: false)
    }

    /// Records a validated transaction's mint and burns in the peg state. Checked before
    /// anything changes (`EntryRules` refused replays, halts and burns past the supply), so
    /// only an overflow of a supply can fail here, and it fails before any change.
    mutating func recordPeg(of checked: CheckedTransaction) throws(ChainError) {
        guard peg != nil else { return }
        let transaction = checked.transaction
        let deposits = transaction.mintedDepositIDs
        var minted = pegWork.mintedUnits
        if !deposits.isEmpty {
            for output in transaction.outputs {
                let (total, overflow) = minted[output.asset, default: 0].addingReportingOverflow(output.amount.units)
                guard !overflow else { throw .ledger(.amountOverflow) }
                minted[output.asset] = total
            }
            try peg?.recordMint(depositIDs: deposits, outputs: transaction.outputs)
            pegWork.minted.append(contentsOf: deposits)
            pegWork.mintedUnits = minted
        }
        for (index, output) in transaction.outputs.enumerated() {
            guard case .crossChainOut(let address) = output.program else { continue }
            peg?.recordBurn(asset: output.asset, amount: output.amount)
            pegWork.burns.append(
                PegBurn(outputID: checked.outputIDs[index], asset: output.asset, amount: output.amount, mainChainAddress: address))
        }
    }
}
