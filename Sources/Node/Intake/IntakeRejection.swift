import Primitives

/// Why the intake refused a request: the code and name of whichever layer refused it
/// (ledger 3xxx, chain and mempool 8xxx, node 9xxx, codec 1xxx). This is what travels in
/// a reject reply; the message stays in the node's log.
public struct IntakeRejection: CodedError, Equatable {
    public let code: UInt16
    public let name: String
    public let message: String

    /// Longest name a reply carries (names are short snake_case words).
    public static let nameBytesMax = 64

    public init(code: UInt16, name: String, message: String = "") {
        self.code = code
        self.name = String(decoding: name.utf8.prefix(Self.nameBytesMax), as: UTF8.self)
        self.message = message.isEmpty ? self.name : message
    }

    /// The rejection for an error of any layer.
    public init(_ error: any CodedError) {
        self.init(code: error.code, name: error.name, message: error.message)
    }
}
