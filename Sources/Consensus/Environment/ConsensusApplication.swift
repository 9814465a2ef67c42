import Chain
import Crypto
import Primitives

/// The replicated state machine consensus drives: the chain. Consensus decides *which*
/// block is next; the application builds, re-executes and commits blocks. The real one is
/// `ChainApplication` (a chain state over a `ChainStore`); the simulator runs the same type
/// over in-memory stores, so orders really match and settle there.
public protocol ConsensusApplication {
    var chainID: Hash256 { get }
    var suite: any CryptoSuite { get }
    /// The last finalized height (0 at genesis).
    var committedHeight: UInt64 { get }
    /// The validators that sign block `committedHeight + 1`.
    var validatorSet: ValidatorSet { get }

    /// Builds block `committedHeight + 1` from the pool, signed by `proposer`, carrying the
    /// previous block's commit certificate and pending evidence.
    mutating func proposeBlock(
        timestampMs: UInt64, proposer: any SigningKey, lastCommit: Certificate?, evidence: [Evidence]
    ) throws(ConsensusError) -> Block

    /// Re-executes a proposed block `committedHeight + 1`; throws if any of it is invalid.
    /// The outcome may be kept for `commit`.
    mutating func verifyBlock(_ block: Block) throws(ConsensusError)

    /// Makes a finalized block durable with its certificate (one synced batch), then the
    /// state; the pool drops what it included.
    mutating func commit(_ block: Block, certificate: Certificate) throws(ConsensusError)

    /// A finalized block with its certificate, to serve peers that sync.
    func committedBlock(at height: UInt64) throws(ConsensusError) -> CommittedBlock?
}
