import Crypto
import Primitives

// The canonical encoding (docs/PROTOCOL.md): the body (version, spent output IDs, outputs,
// fee) followed by one witness per input. The transaction ID covers the body only.

extension ControlProgram: CanonicalCodable {
    private enum Tag: UInt8 {
        case payToKey = 1
        case multisig, magneticOrder, voteLock, crossChainOut, feePool, federationDeposit
    }

    public func encode(to writer: inout ByteWriter) {
        switch self {
        case .payToKey(let key):
            writer.write(Tag.payToKey.rawValue)
            writer.write(key)
        case .multisig(let threshold, let keys):
            writer.write(Tag.multisig.rawValue)
            writer.write(threshold)
            writer.writeArray(keys)
        case .magneticOrder(let order):
            writer.write(Tag.magneticOrder.rawValue)
            order.encode(to: &writer)
        case .voteLock(let lock):
            writer.write(Tag.voteLock.rawValue)
            lock.encode(to: &writer)
        case .crossChainOut(let address):
            writer.write(Tag.crossChainOut.rawValue)
            writer.writeBytes(address)
        case .feePool:
            writer.write(Tag.feePool.rawValue)
        case .federationDeposit(let deposit):
            writer.write(Tag.federationDeposit.rawValue)
            deposit.encode(to: &writer)
        }
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let tag = try reader.readUInt8()
        switch Tag(rawValue: tag) {
        case .payToKey, .multisig: self = try Self.decodePayout(tag: tag, from: &reader)
        case .magneticOrder: self = .magneticOrder(try MagneticOrder(from: &reader))
        case .voteLock: self = .voteLock(try VoteLock(from: &reader))
        case .crossChainOut:
            self = .crossChainOut(
                mainChainAddress: try reader.readBytes(field: "cross_chain_out.address", limit: Self.maxMainChainAddressBytes))
        case .feePool: self = .feePool
        case .federationDeposit: self = .federationDeposit(try FederationDeposit(from: &reader))
        case nil: throw .unknownTag(field: "control_program", tag: UInt64(tag))
        }
    }
}

extension ByteWriter {
    mutating func writeOptional(_ value: UInt64?) {
        write(value != nil)
        if let value { writeVarint(value) }
    }
}

extension ByteReader {
    mutating func readOptionalVarint(field: String) throws(PrimitivesError) -> UInt64? {
        try readBool(field: field) ? try readVarint() : nil
    }
}

extension MagneticOrder: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(requestedAsset)
        writer.write(price)
        sellerProgram.encode(to: &writer)
        writer.write(sellerKey)
        writer.write(flags.rawValue)
        writer.write(maxFeeBps)
        writer.writeOptional(expiryHeight)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let requestedAsset = try reader.readAssetID()
        let price = try reader.readRatio()
        let tag = try reader.readUInt8()
        // The seller program may not itself be an order: decode only payout programs, so
        // nesting depth is bounded by construction.
        guard tag == 1 || tag == 2 else { throw .unknownTag(field: "magnetic.seller_program", tag: UInt64(tag)) }
        let sellerProgram = try ControlProgram.decodePayout(tag: tag, from: &reader)
        let sellerKey = try PublicKey(from: &reader)
        let flagBits = try reader.readUInt8()
        guard Flags(rawValue: flagBits).isSubset(of: .all) else { throw .unknownTag(field: "magnetic.flags", tag: UInt64(flagBits)) }
        let maxFeeBps = try reader.readUInt16()
        guard UInt64(maxFeeBps) <= Self.bpsPerWhole else {
            throw .invalidValue(field: "magnetic.max_fee_bps", reason: "\(maxFeeBps) exceeds \(Self.bpsPerWhole)")
        }
        self.init(
            requestedAsset: requestedAsset, price: price, sellerProgram: sellerProgram, sellerKey: sellerKey,
            flags: Flags(rawValue: flagBits), maxFeeBps: maxFeeBps,
            expiryHeight: try reader.readOptionalVarint(field: "magnetic.expiry"))
    }
}

extension ControlProgram {
    /// Decodes the body of a pay-to-key (1) or multisig (2) program whose tag was read.
    static func decodePayout(tag: UInt8, from reader: inout ByteReader) throws(PrimitivesError) -> ControlProgram {
        if tag == 1 { return .payToKey(try PublicKey(from: &reader)) }
        let threshold = try reader.readUInt8()
        return .multisig(
            threshold: threshold, keys: try reader.readArray(of: PublicKey.self, field: "multisig.keys", limit: maxMultisigKeys))
    }
}

extension VoteLock: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(owner)
        writer.write(candidate)
        writer.writeVarint(unlockDelayBlocks)
        writer.writeOptional(unlockRequestedAt)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(
            owner: try PublicKey(from: &reader), candidate: try PublicKey(from: &reader),
            unlockDelayBlocks: try reader.readVarint(), unlockRequestedAt: try reader.readOptionalVarint(field: "vote_lock.unlock"))
    }
}

extension Output: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(asset)
        writer.write(amount)
        program.encode(to: &writer)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(asset: try reader.readAssetID(), amount: try reader.readAmount(), program: try ControlProgram(from: &reader))
    }
}

extension KeySignature: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(keyIndex)
        writer.write(signature)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(keyIndex: try reader.readUInt8(), signature: try Signature(from: &reader))
    }
}

extension Witness: CanonicalCodable {
    private enum Tag: UInt8 {
        case signature = 1
        case multisig, cancelOrder, fillOrder, returnOrder, unvote, withdrawVote, cancelByOrderID, feePayout, pegIn, pegOut
    }

    public func encode(to writer: inout ByteWriter) {
        switch self {
        case .signature(let signature):
            writer.write(Tag.signature.rawValue)
            writer.write(signature)
        case .multisig(let signatures):
            writer.write(Tag.multisig.rawValue)
            writer.writeArray(signatures)
        case .cancelOrder(let signature):
            writer.write(Tag.cancelOrder.rawValue)
            writer.write(signature)
        case .fillOrder(let filled, let remainder):
            writer.write(Tag.fillOrder.rawValue)
            writer.write(filled)
            writer.writeOptional(remainder.map(UInt64.init))
        case .returnOrder(let filled):
            writer.write(Tag.returnOrder.rawValue)
            writer.write(filled)
        case .cancelByOrderID(let signature):
            writer.write(Tag.cancelByOrderID.rawValue)
            writer.write(signature)
        case .unvote(let signature, let lockOutput):
            writer.write(Tag.unvote.rawValue)
            writer.write(signature)
            writer.writeVarint(UInt64(lockOutput))
        case .withdrawVote(let signature):
            writer.write(Tag.withdrawVote.rawValue)
            writer.write(signature)
        case .feePayout:
            writer.write(Tag.feePayout.rawValue)
        case .pegIn(let evidence):
            writer.write(Tag.pegIn.rawValue)
            evidence.encode(to: &writer)
        case .pegOut(let burnOutputID, let signatures):
            writer.write(Tag.pegOut.rawValue)
            writer.write(burnOutputID)
            writer.writeArray(signatures)
        }
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        try self.init(from: &reader, allowsPegIn: true)
    }

    /// Decodes a witness; `allowsPegIn` false inside a peg-in's deposit (a main-chain
    /// transaction), so evidence never nests.
    init(from reader: inout ByteReader, allowsPegIn: Bool) throws(PrimitivesError) {
        let tag = try reader.readUInt8()
        switch Tag(rawValue: tag) {
        case .signature: self = .signature(try Signature(from: &reader))
        case .multisig:
            self = .multisig(try reader.readArray(of: KeySignature.self, field: "witness.multisig", limit: ControlProgram.maxMultisigKeys))
        case .cancelOrder: self = .cancelOrder(try Signature(from: &reader))
        case .fillOrder:
            let filled = try reader.readAmount()
            self = .fillOrder(filled: filled, remainderOutput: try Self.readOutputIndex(&reader, optional: true))
        case .returnOrder: self = .returnOrder(filled: try reader.readAmount())
        case .cancelByOrderID: self = .cancelByOrderID(try Signature(from: &reader))
        case .unvote:
            let signature = try Signature(from: &reader)
            self = .unvote(signature, lockOutput: try Self.readOutputIndex(&reader, optional: false)!)
        case .withdrawVote: self = .withdrawVote(try Signature(from: &reader))
        case .feePayout: self = .feePayout
        case .pegIn:
            guard allowsPegIn else { throw .unknownTag(field: "peg_in.deposit.witness", tag: UInt64(tag)) }
            self = .pegIn(try PegInEvidence(from: &reader))
        case .pegOut:
            let burnOutputID = try reader.readHash()
            self = .pegOut(
                burnOutputID: burnOutputID,
                signatures: try reader.readArray(of: KeySignature.self, field: "witness.peg_out", limit: ControlProgram.maxMultisigKeys))
        case nil: throw .unknownTag(field: "witness", tag: UInt64(tag))
        }
    }

    private static func readOutputIndex(_ reader: inout ByteReader, optional: Bool) throws(PrimitivesError) -> UInt32? {
        let value = optional ? try reader.readOptionalVarint(field: "witness.output") : try reader.readVarint()
        guard let value else { return nil }
        // The largest any transaction may have (a settlement's); the validator checks the
        // index against the transaction's own outputs.
        guard value < UInt64(Transaction.settlementOutputsMax) else {
            throw .lengthLimitExceeded(field: "witness.output", length: value, limit: Transaction.settlementOutputsMax - 1)
        }
        return UInt32(value)
    }
}

extension Transaction: CanonicalCodable {
    /// The body: everything but the witnesses. The transaction ID is its tagged hash.
    public var bodyBytes: [UInt8] {
        var writer = ByteWriter()
        encodeBody(to: &writer)
        return writer.bytes
    }

    /// The canonical encoding and the length of its body prefix, in one pass: the ID hashes
    /// the prefix (`bodyBytes`), a block's transaction root the whole.
    public var canonicalBytesWithBodyCount: (bytes: [UInt8], bodyByteCount: Int) {
        var writer = ByteWriter(capacity: 64 + 40 * inputs.count + 128 * outputs.count + 72 * inputs.count)
        encodeBody(to: &writer)
        let bodyByteCount = writer.bytes.count
        for input in inputs { input.witness.encode(to: &writer) }
        return (writer.bytes, bodyByteCount)
    }

    private func encodeBody(to writer: inout ByteWriter) {
        writer.write(version)
        writer.writeVarint(UInt64(inputs.count))
        for input in inputs { writer.write(input.spentOutputID) }
        writer.writeArray(outputs)
        writer.write(fee)
    }

    public func encode(to writer: inout ByteWriter) {
        encodeBody(to: &writer)
        for input in inputs { input.witness.encode(to: &writer) }
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        try self.init(from: &reader, limits: .user)
    }

    /// Decodes a transaction of the kind `limits` names (a block's settlements may be larger
    /// than any user transaction).
    public init(from reader: inout ByteReader, limits: ShapeLimits) throws(PrimitivesError) {
        try self.init(from: &reader, limits: limits, allowsPegIn: true)
    }

    /// Decodes a transaction; `allowsPegIn` false for a peg-in's deposit (see `PegInEvidence`).
    init(from reader: inout ByteReader, limits: ShapeLimits, allowsPegIn: Bool) throws(PrimitivesError) {
        let version = try reader.readUInt8()
        let spent = try reader.readArray(of: Hash256.self, field: "inputs", limit: limits.inputsMax)
        let outputs = try reader.readArray(of: Output.self, field: "outputs", limit: limits.outputsMax)
        let fee = try reader.readAmount()
        var inputs = [Input]()
        inputs.reserveCapacity(spent.count)
        for id in spent { inputs.append(Input(spending: id, witness: try Witness(from: &reader, allowsPegIn: allowsPegIn))) }
        self.init(version: version, inputs: inputs, outputs: outputs, fee: fee)
    }

    /// Decodes a transaction received from outside, refusing oversize input before parsing.
    public static func decode(_ bytes: [UInt8]) throws(LedgerError) -> Transaction {
        guard bytes.count <= maxEncodedBytes else { throw .transactionTooLarge(bytes: bytes.count, limit: maxEncodedBytes) }
        do {
            return try Transaction(canonicalBytes: bytes)
        } catch {
            throw .malformed(error)
        }
    }
}
