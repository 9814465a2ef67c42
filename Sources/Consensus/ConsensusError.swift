import Chain
import Primitives
import Storage

/// Why consensus refused a message or could not go on (codes 10xxx). A refused message is
/// dropped and counted; it never changes a node's state.
public enum ConsensusError: CodedError {
    case messageTooLarge(bytes: Int, limit: Int)
    case malformed(PrimitivesError)
    case finality(FinalityError)
    case chain(ChainError)
    case wrongChain
    case notProposer(height: UInt64, round: UInt32)
    case badProposalSignature
    case safetyRecord(reason: String)
    case wouldEquivocate(height: UInt64, round: UInt32, phase: VotePhase)
    case configuration(reason: String)
    case storage(StorageError)

    public var code: UInt16 {
        switch self {
        case .messageTooLarge: 10001
        case .malformed: 10002
        case .finality: 10003
        case .chain: 10004
        case .wrongChain: 10005
        case .notProposer: 10006
        case .badProposalSignature: 10007
        case .safetyRecord: 10008
        case .wouldEquivocate: 10009
        case .configuration: 10010
        case .storage: 10011
        }
    }

    public var name: String {
        switch self {
        case .messageTooLarge: "consensus_message_too_large"
        case .malformed: "consensus_message_malformed"
        case .finality: "consensus_finality"
        case .chain: "consensus_invalid_block"
        case .wrongChain: "consensus_wrong_chain"
        case .notProposer: "consensus_not_proposer"
        case .badProposalSignature: "consensus_bad_proposal_signature"
        case .safetyRecord: "consensus_safety_record"
        case .wouldEquivocate: "consensus_would_equivocate"
        case .configuration: "consensus_configuration"
        case .storage: "consensus_storage"
        }
    }

    public var message: String {
        switch self {
        case let .messageTooLarge(bytes, limit): "a message of \(bytes) bytes is over the limit of \(limit)"
        case let .malformed(error): "malformed message: \(error.message)"
        case let .finality(error): error.message
        case let .chain(error): "invalid block: \(error.message)"
        case .wrongChain: "the message is for another chain"
        case let .notProposer(height, round): "the sender is not the proposer of height \(height) round \(round)"
        case .badProposalSignature: "the proposal's signature does not verify"
        case let .safetyRecord(reason): "safety record: \(reason)"
        case let .wouldEquivocate(height, round, phase): "refused to sign a second \(phase) at height \(height) round \(round)"
        case let .configuration(reason): "consensus configuration: \(reason)"
        case let .storage(error): "safety store: \(error.message)"
        }
    }
}
