import Crypto
import Primitives

/// The terms of a main-chain deposit to the peg (`ControlProgram.federationDeposit`): the
/// federation that holds it, the sidechain program to mint to, and where the federation
/// sends it back on the main chain if the sidechain refuses the destination.
public struct FederationDeposit: Hashable, Sendable {
    /// The most bytes a destination may have (a multisig program of 16 keys is 2 + 16 × 33 =
    /// 530 bytes, so a destination is in practice a pay-to-key or a small multisig).
    public static let destinationBytesMax = ControlProgram.maxMainChainAddressBytes

    public let federation: FederationKeys
    /// The canonical bytes of a sidechain `ControlProgram`. The sidechain judges them: only a
    /// pay-to-key or multisig program is minted to; anything else is refunded.
    public let destination: [UInt8]
    /// A main-chain pay-to-key or multisig program the federation refunds a refused deposit to.
    public let refund: ControlProgram

    public init(federation: FederationKeys, destination: [UInt8], refund: ControlProgram) {
        self.federation = federation
        self.destination = destination
        self.refund = refund
    }

    /// Why these terms cannot lock an output, or nil when they can. The destination is only
    /// bounded here (the main chain cannot judge sidechain programs); the refund must be a
    /// payout program so that a refund can never loop back into the peg.
    public func problem(suite: any CryptoSuite) -> String? {
        if let problem = federation.problem(suite: suite) { return problem }
        guard !destination.isEmpty, destination.count <= Self.destinationBytesMax else {
            return "a deposit destination has 1 to \(Self.destinationBytesMax) bytes"
        }
        guard refund.isPayout else { return "a deposit refund must be pay-to-key or multisig" }
        return refund.checkWellFormed(suite: suite)
    }

    /// The sidechain program the destination names, or why it names none a mint may pay: it
    /// must decode, whole, to a well-formed pay-to-key or multisig program.
    public func destinationProgram(suite: any CryptoSuite) -> Result<ControlProgram, DestinationProblem> {
        let program: ControlProgram
        do {
            program = try ControlProgram(canonicalBytes: destination)
        } catch {
            return .failure(DestinationProblem(reason: "does not decode: \(error.message)"))
        }
        guard program.isPayout else { return .failure(DestinationProblem(reason: "is not pay-to-key or multisig")) }
        if let problem = program.checkWellFormed(suite: suite) { return .failure(DestinationProblem(reason: problem)) }
        return .success(program)
    }

    /// Why a destination cannot be minted to.
    public struct DestinationProblem: Error, Hashable, Sendable {
        public let reason: String
    }
}
