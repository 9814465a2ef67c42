import Chain
import Ledger
import LodestoneWire
import Primitives

/// A refusal as it travels: the code and name of whichever layer refused (wire 71xx,
/// gateway 72xx, ledger 3xxx, chain and mempool 8xxx), the innermost error it wraps (the
/// cause, e.g. a 3xxx ledger code under 8001 `ledger_rejected`) and a text for a person.
public struct Rejection: Sendable, Equatable, Error {
    /// The refusing layer's stable code.
    public let code: UInt16
    /// The code's stable name.
    public let name: String
    /// What was wrong, for a person.
    public let text: String
    /// The code and name of the innermost error `code` wraps; nil when it wraps none.
    public let cause: (code: UInt16, name: String)?

    /// Clips the name and text to the wire's limits, so a long message never makes the
    /// response itself invalid.
    public init(code: UInt16, name: String, text: String, cause: (code: UInt16, name: String)? = nil) {
        assert(code > 0, "every Lodestone code is at least 1")
        // The wire allows 1 ... 65535; 0 would make the response itself invalid.
        self.code = max(code, 1)
        self.name = Self.clip(name.isEmpty ? "unnamed" : name, WireLimits.maxRejectNameBytes)
        self.text = Self.clip(text, WireLimits.maxRejectTextBytes)
        self.cause = cause.map { (max($0.code, 1), Self.clip($0.name.isEmpty ? "unnamed" : $0.name, WireLimits.maxRejectNameBytes)) }
    }

    /// The refusal for an error of any layer, with the innermost error it wraps as its cause.
    public init(_ error: any CodedError) {
        let cause = Self.innermostCause(of: error)
        self.init(code: error.code, name: error.name, text: error.message, cause: cause.map { ($0.code, $0.name) })
    }

    public static func == (lhs: Rejection, rhs: Rejection) -> Bool {
        lhs.code == rhs.code && lhs.name == rhs.name && lhs.text == rhs.text && lhs.cause?.code == rhs.cause?.code
            && lhs.cause?.name == rhs.cause?.name
    }

    /// The innermost coded error `error` wraps (a chain error wrapping a ledger or matching
    /// error, a ledger error wrapping a codec error), or nil when it wraps none.
    static func innermostCause(of error: any CodedError) -> (any CodedError)? {
        var cause: (any CodedError)?
        var current = error
        while let inner = wrapped(by: current) {
            cause = inner
            current = inner
        }
        return cause
    }

    /// The coded error `error` directly wraps, if any.
    private static func wrapped(by error: any CodedError) -> (any CodedError)? {
        switch error {
        case let chain as ChainError:
            switch chain {
            case .ledger(let inner): inner
            case .matching(_, let inner): inner
            case .malformedBlock(let inner): inner
            default: nil
            }
        case let ledger as LedgerError:
            if case .malformed(let inner) = ledger { inner } else { nil }
        default: nil
        }
    }

    /// The refusal for a wire error (LodestoneWire does not import Primitives).
    public init(_ error: WireError) {
        self.init(code: error.code, name: error.name, text: error.message)
    }

    var wire: Lodestone_V1_Reject {
        var reject = Lodestone_V1_Reject()
        reject.code = UInt32(code)
        reject.name = name
        reject.text = text
        if let cause {
            reject.causeCode = UInt32(cause.code)
            reject.causeName = cause.name
        }
        return reject
    }

    /// The longest prefix of `text` within `maxBytes` UTF-8 bytes that ends on a character.
    private static func clip(_ text: String, _ maxBytes: Int) -> String {
        guard text.utf8.count > maxBytes else { return text }
        var result = ""
        for character in text where result.utf8.count + character.utf8.count <= maxBytes { result.append(character) }
        return result
    }
}
