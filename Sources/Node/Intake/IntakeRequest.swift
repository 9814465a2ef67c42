import Chain
import Ledger
import Primitives

/// One request on the node's raw intake, decoded. On the wire a client sends two frames,
/// `[type byte][payload]`; the ROUTER socket puts the client's identity in front.
public enum IntakeRequest: Sendable, Equatable {
    /// Type 1: a signed transaction in its canonical encoding.
    case transaction(Transaction)
    /// Type 2: a cancel request in its canonical encoding.
    case cancel(CancelRequest)
    /// Type 3: the node's status; the payload is empty or absent.
    case status

    /// The type bytes.
    public enum Kind: UInt8, Sendable {
        case transaction = 1
        case cancel = 2
        case status = 3
    }

    public var kind: Kind {
        switch self {
        case .transaction: .transaction
        case .cancel: .cancel
        case .status: .status
        }
    }

    /// The client's frames: type byte, then payload (empty for a status query).
    public var frames: [[UInt8]] {
        switch self {
        case let .transaction(transaction): [[Kind.transaction.rawValue], transaction.canonicalBytes]
        case let .cancel(cancel): [[Kind.cancel.rawValue], cancel.canonicalBytes]
        case .status: [[Kind.status.rawValue], []]
        }
    }

    /// Decodes the frames after the identity. Transactions are decoded with the ledger's
    /// size limit first, so a bad payload costs no more than its own bytes.
    public static func decode(_ frames: ArraySlice<[UInt8]>) throws(IntakeRejection) -> IntakeRequest {
        guard (1...2).contains(frames.count) else {
            throw IntakeRejection(NodeError.intakeMalformed(reason: "expected [type][payload] frames, got \(frames.count) frames"))
        }
        let typeFrame = frames[frames.startIndex]
        guard typeFrame.count == 1 else { throw IntakeRejection(NodeError.intakeMalformed(reason: "the type frame must be one byte, got \(typeFrame.count)")) }
        guard let kind = Kind(rawValue: typeFrame[0]) else { throw IntakeRejection(NodeError.intakeUnknownType(typeFrame[0])) }
        let payload = frames.count == 2 ? frames[frames.startIndex + 1] : []
        switch kind {
        case .transaction:
            do { return .transaction(try Transaction.decode(payload)) } catch { throw IntakeRejection(error) }
        case .cancel:
            do { return .cancel(try CancelRequest(canonicalBytes: payload)) } catch { throw IntakeRejection(error) }
        case .status:
            guard payload.isEmpty else { throw IntakeRejection(NodeError.intakeMalformed(reason: "a status query carries no payload")) }
            return .status
        }
    }
}
