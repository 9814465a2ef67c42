import Chain
import Primitives

extension SafetyRecord: CanonicalCodable {
    /// Version of the stored encoding; a record of an unknown version is refused, never guessed.
    public static let encodingVersion: UInt8 = 1

    public func encode(to writer: inout ByteWriter) {
        writer.write(Self.encodingVersion)
        writer.write(height)
        writer.write(round)
        Self.writeOptional(lastSigned, to: &writer)
        writer.write(lockedRound != nil)
        if let lockedRound { writer.write(lockedRound) }
        Self.writeOptional(lockedBlockID, to: &writer)
        Self.writeOptional(prevote, to: &writer)
        Self.writeOptional(precommit, to: &writer)
        Self.writeOptional(proposedBlockID, to: &writer)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let version = try reader.readUInt8()
        guard version == Self.encodingVersion else { throw .unknownTag(field: "safety_record.version", tag: UInt64(version)) }
        let height = try reader.readUInt64()
        let round = try reader.readUInt32()
        let lastSigned = try reader.readBool(field: "safety_record.last_signed") ? try VoteTarget(from: &reader) : nil
        let lockedRound = try reader.readBool(field: "safety_record.locked_round") ? try reader.readUInt32() : nil
        let lockedBlockID = try reader.readBool(field: "safety_record.locked_block") ? try reader.readHash() : nil
        let prevote = try reader.readBool(field: "safety_record.prevote") ? try Vote(from: &reader) : nil
        let precommit = try reader.readBool(field: "safety_record.precommit") ? try Vote(from: &reader) : nil
        let proposed = try reader.readBool(field: "safety_record.proposed") ? try reader.readHash() : nil
        self.init(
            height: height, round: round, lastSigned: lastSigned, lockedRound: lockedRound, lockedBlockID: lockedBlockID,
            prevote: prevote, precommit: precommit, proposedBlockID: proposed)
    }

    private static func writeOptional(_ value: (some CanonicalEncodable)?, to writer: inout ByteWriter) {
        writer.write(value != nil)
        if let value { value.encode(to: &writer) }
    }
}
