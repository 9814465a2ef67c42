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
        case .transaction(let transaction): [[Kind.transaction.rawValue], transaction.canonicalBytes]
        case .cancel(let cancel): [[Kind.cancel.rawValue], cancel.canonicalBytes]
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
        guard typeFrame.count == 1 else {
            throw IntakeRejection(NodeError.intakeMalformed(reason: "the type frame must be one byte, got \(typeFrame.count)"))
        }
        guard let kind = Kind(rawValue: typeFrame[0]) else { throw IntakeRejection(NodeError.intakeUnknownType(typeFrame[0])) }
        let payload = payload(of: frames)
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

    /// The payload frame of frames `decode` accepted (empty if absent).
    public static func payload(of frames: ArraySlice<[UInt8]>) -> [UInt8] {
        frames.count == 2 ? frames[frames.startIndex + 1] : []
    }

    /// The request as pool work (nil for a status query): a transaction is checked for
    /// `config`'s chain with `payload`, the frame `decode` read it from, as its bytes (its
    /// canonical encoding, since decoding refuses any other), so it is not encoded again.
    public func poolItem(payload: [UInt8], config: ChainConfig) -> PoolItem? {
        switch self {
        case .transaction(let transaction): .transaction(CheckedTransaction(transaction, encoding: payload, config: config))
        case .cancel(let cancel): .cancel(cancel)
        case .status: nil
        }
    }
}
