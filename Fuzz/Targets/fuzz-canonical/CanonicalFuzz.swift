import Chain
import Crypto
import FuzzSupport
import Ledger
import MainChain
import Peg
import Primitives

// The canonical codec's primitives and the ledger, chain, main-chain and peg types decoded from
// peers, the main chain's RPC, federation members or the store: the first byte picks the type, the rest are its bytes. Transactions and blocks
// have targets of their own.

/// The types under test, in selector order (selector modulo the count).
private let checks: [@Sendable ([UInt8]) -> Void] = [
    { CanonicalProperties.check(Hash256.self, $0) },
    { CanonicalProperties.check(AssetID.self, $0) },
    { CanonicalProperties.check(Amount.self, $0) },
    { CanonicalProperties.check(Ratio.self, $0) },
    { CanonicalProperties.check(PublicKey.self, $0) },
    { CanonicalProperties.check(Signature.self, $0) },
    { CanonicalProperties.check(ControlProgram.self, $0) },
    { CanonicalProperties.check(MagneticOrder.self, $0) },
    { CanonicalProperties.check(VoteLock.self, $0) },
    { CanonicalProperties.check(Output.self, $0) },
    { CanonicalProperties.check(KeySignature.self, $0) },
    { CanonicalProperties.check(Witness.self, $0) },
    { CanonicalProperties.check(CancelRequest.self, $0) },
    { CanonicalProperties.check(OrderPosition.self, $0) },
    { CanonicalProperties.check(UTXOEntry.self, $0) },
    { CanonicalProperties.check(AssetDefinition.self, $0) },
    { CanonicalProperties.check(MultisetHash.self, $0) },
    { CanonicalProperties.check(BlockHeader.self, $0) },
    { CanonicalProperties.check(MainChainHeader.self, $0) },
    { CanonicalProperties.check(MainChainParameters.self, $0) },
    { CanonicalProperties.check(MerkleProof.self, $0) },
    { CanonicalProperties.check(FederationKeys.self, $0) },
    { CanonicalProperties.check(FederationDeposit.self, $0) },
    { CanonicalProperties.check(PegInEvidence.self, $0) },
    { CanonicalProperties.check(MainChainBlock.self, $0) },
    // The main chain's RPC: what a node reads from any client, and a member from any node.
    { CanonicalProperties.check(MainChainRequest.self, $0) },
    { CanonicalProperties.check(MainChainResponse.self, $0) },
    // What one federation member reads from another's PUB.
    { CanonicalProperties.check(FederationShare.self, $0) },
    checkVarint,
]

/// The varint reader on its own: a value read is re-written to the same bytes.
private func checkVarint(_ bytes: [UInt8]) {
    var reader = ByteReader(bytes)
    guard let value = try? reader.readVarint() else { return }
    var writer = ByteWriter()
    writer.writeVarint(value)
    FuzzInput.require(writer.bytes == Array(bytes.prefix(reader.offset)), "varint \(value): not its shortest form")
}

/// The `fuzz-canonical` target (picked by `FuzzDispatch`).
func fuzzCanonical(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let (selector, rest) = FuzzInput.selector(FuzzInput.bytes(data, size)) else { return 0 }
    checks[Int(selector) % checks.count](rest)
    return 0
}
