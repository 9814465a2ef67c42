/// The domain of a tagged hash. Each use has its own tag, so a hash computed for one
/// purpose can never be mistaken for another (BIP340-style domain separation).
public enum HashTag: String, Sendable, CaseIterable {
    case transactionID = "Lodestone/TxID"
    case signatureHash = "Lodestone/SigHash"
    case outputID = "Lodestone/OutputID"
    case assetID = "Lodestone/AssetID"
    case merkleLeaf = "Lodestone/MerkleLeaf"
    case merkleNode = "Lodestone/MerkleNode"
    case blockHeader = "Lodestone/BlockHeader"
    case vote = "Lodestone/Vote"
    case validatorSet = "Lodestone/ValidatorSet"
    case proposal = "Lodestone/Proposal"
    case aggregatorSeed = "Lodestone/AggregatorSeed"
    case orderCancel = "Lodestone/OrderCancel"
    case cancelAll = "Lodestone/CancelAll"
    case deadManSwitch = "Lodestone/DeadManSwitch"
    /// The dead-man table folded into the header's state commitment.
    case deadManState = "Lodestone/DeadManState"
    case reportSubscribe = "Lodestone/ReportSubscribe"
    case genesis = "Lodestone/Genesis"
    /// A main-chain block header: its identity and its proof of work.
    case mainChainHeader = "Lodestone/MainChainHeader"
    /// What a federation member signs to pay a peg-out burn on the main chain.
    case pegOut = "Lodestone/PegOut"
    /// The sidechain's peg state (best main-chain header, minted deposits, supply, halt)
    /// folded into the header's state commitment.
    case pegState = "Lodestone/PegState"

    /// The tag's bytes as fed to the hash (built once per tag, not per hash).
    public var bytes: [UInt8] { Self.tagBytes[self]! }

    private static let tagBytes = Dictionary(uniqueKeysWithValues: allCases.map { ($0, Array($0.rawValue.utf8)) })
}
