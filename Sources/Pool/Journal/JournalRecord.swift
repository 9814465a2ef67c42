import Chain
import Ledger
import Primitives

/// One journaled item with its arrival sequence number. Encoding: a tag byte (1 transaction,
/// 2 cancel, 3 cancel-all, 4 dead-man switch), the sequence as 8 bytes little-endian, then the
/// item's canonical encoding (a transaction's as its checked form carries it).
struct JournalRecord: CanonicalEncodable, Equatable, Sendable {
    private enum Tag: UInt8 {
        case transaction = 1
        case cancel, cancelAll, deadManSwitch
    }

    let sequence: UInt64
    let item: PoolItem

    init(sequence: UInt64, item: PoolItem) {
        self.sequence = sequence
        self.item = item
    }

    func encode(to writer: inout ByteWriter) {
        let (tag, body): (Tag, (any CanonicalEncodable)?) =
            switch item {
            case .transaction: (.transaction, nil)
            case .cancel(let cancel): (.cancel, cancel)
            case .cancelAll(let request): (.cancelAll, request)
            case .deadManSwitch(let deadMan): (.deadManSwitch, deadMan)
            }
        writer.write(tag.rawValue)
        writer.write(sequence)
        if case .transaction(let checked) = item { writer.writeRaw(checked.bytes) }
        body?.encode(to: &writer)
    }

    /// Decodes a record, checking a transaction again from the bytes it was stored as (its
    /// derived values are not stored; its encoding is not redone).
    static func decode(_ bytes: [UInt8], config: ChainConfig) throws(PrimitivesError) -> JournalRecord {
        var reader = ByteReader(bytes)
        let record = try JournalRecord(from: &reader, config: config)
        try reader.finish()
        return record
    }

    init(from reader: inout ByteReader, config: ChainConfig) throws(PrimitivesError) {
        let tag = try reader.readUInt8()
        let sequence = try reader.readUInt64()
        switch Tag(rawValue: tag) {
        case .transaction:
            let start = reader.offset
            let transaction = try Transaction(from: &reader)
            let encoding = Array(reader.bytesRead(since: start))
            self.init(sequence: sequence, item: .transaction(CheckedTransaction(transaction, encoding: encoding, config: config)))
        case .cancel: self.init(sequence: sequence, item: .cancel(try CancelRequest(from: &reader)))
        case .cancelAll: self.init(sequence: sequence, item: .cancelAll(try CancelAllRequest(from: &reader)))
        case .deadManSwitch: self.init(sequence: sequence, item: .deadManSwitch(try DeadManSwitch(from: &reader)))
        case nil: throw .unknownTag(field: "mempool_journal.kind", tag: UInt64(tag))
        }
    }
}
