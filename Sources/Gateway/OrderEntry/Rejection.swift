import LodestoneWire
import Primitives

/// A refusal as it travels: the code and name of whichever layer refused (wire 71xx,
/// gateway 72xx, ledger 3xxx, chain and mempool 8xxx) and a text for a person.
public struct Rejection: Sendable, Equatable, Error {
    /// The refusing layer's stable code.
    public let code: UInt16
    /// The code's stable name.
    public let name: String
    /// What was wrong, for a person.
    public let text: String

    /// Clips the name and text to the wire's limits, so a long message never makes the
    /// response itself invalid.
    public init(code: UInt16, name: String, text: String) {
        assert(code > 0, "every Lodestone code is at least 1")
        // The wire allows 1 ... 65535; 0 would make the response itself invalid.
        self.code = max(code, 1)
        self.name = Self.clip(name.isEmpty ? "unnamed" : name, WireLimits.maxRejectNameBytes)
        self.text = Self.clip(text, WireLimits.maxRejectTextBytes)
    }

    /// The refusal for an error of any layer.
    public init(_ error: any CodedError) {
        self.init(code: error.code, name: error.name, text: error.message)
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
