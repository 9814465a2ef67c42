/// An error a client can act on: a stable numeric code, a stable snake_case name and a
/// human-readable explanation.
///
/// Codes never change meaning once published (docs/PROTOCOL.md lists them). Each module owns
/// a block of a thousand codes:
///
/// | block | module     |
/// |-------|------------|
/// | 1xxx  | Primitives (codec, amounts, ratios) |
/// | 2xxx  | Crypto     |
/// | 3xxx  | Ledger     |
/// | 4xxx  | Matching   |
/// | 5xxx  | Markets    |
/// | 6xxx  | Storage    |
/// | 7xxx  | ZeroMQ (70xx), LodestoneWire (71xx), Gateway (72xx; 7234–7238 the peg's requests) |
/// | 8xxx  | Chain (blocks, DEX entry rules, mempool; 84xx the peg's state) |
/// | 9xxx  | Node (9001–9499, devnet 96xx), MainChain (9501–9599) |
/// | 10xxx | Consensus  |
/// | 11xxx | Peg (11001–11019 main-chain client, 11021–11029 sidechain client, 11101–11199 federation, 11201–11299 header relay, 11301–11399 wallet) |
///
/// In Ledger, 31xx are the main-chain header rules and 32xx the peg's mint and peg-out rules.
public protocol CodedError: Error, CustomStringConvertible, Sendable {
    /// Stable numeric code; never reused for another meaning.
    var code: UInt16 { get }
    /// Stable machine name, e.g. `amount_overflow`.
    var name: String { get }
    /// Explanation for a person; may include the offending values.
    var message: String { get }
}

extension CodedError {
    public var description: String { "\(name) (\(code)): \(message)" }
}
