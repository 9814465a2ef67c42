import Crypto
import Primitives

/// The chain's validator bookkeeping after a block: the set that signs the next block, the
/// set of the epoch before, who is punished, how many blocks each current member signed this
/// epoch, and the output holding this epoch's fees. Stored with every block (key `e`, in the
/// block's batch) and restored on open.
public struct EpochState: Hashable, Sendable {
    /// Most punished keys a stored record may list (each was once a member of a set).
    public static let punishedMax = 1 << 16

    /// The validators that sign the next block.
    public internal(set) var validatorSet: ValidatorSet
    /// The set of the epoch before the current one (the genesis set during the first epoch).
    public internal(set) var previousValidatorSet: ValidatorSet
    /// Validators with committed evidence: never elected again, self-stake frozen.
    public internal(set) var punished: Set<PublicKey>
    /// Blocks of this epoch each member of `validatorSet` signed (by index), counted from
    /// the commit certificates the epoch's blocks carry.
    public internal(set) var signedBlocks: [UInt64]
    /// The output accruing this epoch's transaction fees, if any were paid.
    public internal(set) var feePool: Hash256?

    init(validatorSet: ValidatorSet, previousValidatorSet: ValidatorSet, punished: Set<PublicKey>, signedBlocks: [UInt64], feePool: Hash256?) {
        self.validatorSet = validatorSet
        self.previousValidatorSet = previousValidatorSet
        self.punished = punished
        self.signedBlocks = signedBlocks
        self.feePool = feePool
    }

    /// The first epoch: the genesis set, nobody punished, no fees.
    init(genesis set: ValidatorSet) {
        self.init(validatorSet: set, previousValidatorSet: set, punished: [], signedBlocks: Array(repeating: 0, count: set.count), feePool: nil)
    }

    /// The set that signed block `height` (the tip): the previous epoch's when the tip ended
    /// an epoch, else the current one.
    func signers(ofBlock height: UInt64, epochLength: UInt64) -> ValidatorSet {
        height > 0 && height % epochLength == 0 ? previousValidatorSet : validatorSet
    }

    /// Starts the next epoch with `next` (possibly the same set).
    mutating func advance(to next: ValidatorSet) {
        previousValidatorSet = validatorSet
        validatorSet = next
        signedBlocks = Array(repeating: 0, count: next.count)
        feePool = nil
    }

    var canonicalBytes: [UInt8] {
        var writer = ByteWriter()
        validatorSet.encode(to: &writer)
        previousValidatorSet.encode(to: &writer)
        let keys = punished.sorted { $0.precedes($1) }
        writer.writeVarint(UInt64(keys.count))
        for key in keys { writer.write(key) }
        writer.writeVarint(UInt64(signedBlocks.count))
        for count in signedBlocks { writer.write(count) }
        writer.write(feePool != nil)
        if let feePool { writer.write(feePool) }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8], suite: any CryptoSuite) throws(PrimitivesError) -> EpochState {
        var reader = ByteReader(bytes)
        let current = try ValidatorSet.decode(from: &reader, suite: suite)
        let previous = try ValidatorSet.decode(from: &reader, suite: suite)
        var punished = Set<PublicKey>()
        for _ in 0..<(try reader.readCount(field: "epoch.punished", limit: punishedMax)) { punished.insert(try PublicKey(from: &reader)) }
        var signed: [UInt64] = []
        for _ in 0..<(try reader.readCount(field: "epoch.signed_blocks", limit: ValidatorSet.membersMax)) {
            signed.append(try reader.readUInt64())
        }
        guard signed.count == current.count else { throw .invalidValue(field: "epoch.signed_blocks", reason: "one count per member") }
        let pool = try reader.readBool(field: "epoch.fee_pool") ? try reader.readHash() : nil
        try reader.finish()
        return EpochState(validatorSet: current, previousValidatorSet: previous, punished: punished, signedBlocks: signed, feePool: pool)
    }
}
