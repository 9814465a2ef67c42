import Crypto
import Primitives

/// The peg federation: `threshold` (m) of `keys` (n) must sign a mint on the sidechain or a
/// payment of the federation's holdings on the main chain (1 ≤ m ≤ n ≤ 16, keys distinct).
/// The sidechain's genesis names it, and a deposit names it in its program; a deposit is
/// minted only when the two are equal, keys in the same order.
public struct FederationKeys: Hashable, Sendable {
    /// The most keys a federation has: the multisig bound, so its holdings' change can be a
    /// plain multisig program of the same keys.
    public static let keysMax = ControlProgram.maxMultisigKeys

    public let threshold: UInt8
    public let keys: [PublicKey]

    public init(threshold: UInt8, keys: [PublicKey]) {
        self.threshold = threshold
        self.keys = keys
    }

    /// The multisig program of the same keys: where the federation keeps change on the main chain.
    public var multisigProgram: ControlProgram { .multisig(threshold: threshold, keys: keys) }

    /// Why these keys cannot form a federation, or nil when they can.
    public func problem(suite: any CryptoSuite) -> String? {
        guard threshold >= 1, Int(threshold) <= keys.count, keys.count <= Self.keysMax else {
            return "a federation needs 1 ≤ m ≤ n ≤ \(Self.keysMax)"
        }
        guard Set(keys).count == keys.count else { return "federation keys must be distinct" }
        return keys.allSatisfy(suite.isValid(publicKey:)) ? nil : "invalid federation key"
    }
}
