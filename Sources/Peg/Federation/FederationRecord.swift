import Crypto
import Ledger
import Primitives
import Storage

/// How far a piece of federation work has come. Work moves one stage forward at a time and
/// never back; `done` is final.
public enum WorkStage: UInt8, Hashable, Sendable, Comparable, CaseIterable {
    /// Found on its chain (a deposit K deep on the main chain, a burn final on the sidechain).
    case seen = 1
    /// Decided: a deposit judged (mint or refund), a burn's payment proposed.
    case decided = 2
    /// This member's signature share is made.
    case signed = 3
    /// The assembled transaction went to its chain.
    case submitted = 4
    /// The transaction is in a block of its chain.
    case done = 5

    public static func < (lhs: WorkStage, rhs: WorkStage) -> Bool { lhs.rawValue < rhs.rawValue }

    public var name: String {
        switch self {
        case .seen: "seen"
        case .decided: "decided"
        case .signed: "signed"
        case .submitted: "submitted"
        case .done: "done"
        }
    }
}

/// Why a deposit is refunded on the main chain instead of minted.
public enum RefundReason: UInt8, Hashable, Sendable, CaseIterable {
    /// The asset is not one of the pegged assets.
    case unpeggedAsset = 1
    /// Less than the asset's minimum deposit.
    case belowMinimum = 2
    /// The destination does not decode to a well-formed pay-to-key or multisig program.
    case malformedDestination = 3
}

/// What the federation does with a deposit.
public enum DepositVerdict: Hashable, Sendable {
    /// Mint the deposit on the sidechain to its destination.
    case mint
    /// Pay it back on the main chain to the deposit's refund program.
    case refund(RefundReason)
}

/// A kind of work the record keeps: its key prefix, its ID and its stage.
protocol RecordedWork: CanonicalCodable, Sendable {
    static var recordPrefix: UInt8 { get }
    /// What an error about a corrupt entry calls it.
    static var recordLabel: String { get }
    var recordID: Hash256 { get }
    var stage: WorkStage { get set }
}

/// A main-chain deposit to the federation, as this member tracks it.
public struct DepositWork: Hashable, Sendable {
    /// The main-chain output ID: the key that makes a mint happen once.
    public let outputID: Hash256
    /// The main-chain block holding the deposit and its height.
    public let blockHash: Hash256
    public let height: UInt64
    public internal(set) var stage: WorkStage
    /// Set from `decided` on.
    public internal(set) var verdict: DepositVerdict?
    /// The mint (sidechain) or refund (main chain) transaction's ID, from `submitted` on.
    public internal(set) var transactionID: Hash256?
    /// The height of the block that holds that transaction, once `done`.
    public internal(set) var doneHeight: UInt64?
}

/// A sidechain burn (cross-chain-out output) to be paid on the main chain.
public struct BurnWork: Hashable, Sendable {
    /// The sidechain output ID: the key that makes a payment happen once.
    public let burnID: Hash256
    /// The sidechain height of the block holding the burn.
    public let height: UInt64
    /// What was burned and where the main chain pays it: the canonical bytes of a main-chain
    /// pay-to-key or multisig program (the sidechain checked that they decode to one).
    public let asset: AssetID
    public let amount: Amount
    public let mainChainAddress: [UInt8]
    public internal(set) var stage: WorkStage
    /// The proposed main-chain payment (unsigned), from `decided` on.
    public internal(set) var payment: Transaction?
    /// The payment's main-chain transaction ID, from `submitted` on.
    public internal(set) var transactionID: Hash256?
    /// The main-chain height holding the payment, once `done`.
    public internal(set) var doneHeight: UInt64?
}

/// A federation member's pending work, persisted: one entry per main-chain deposit output
/// and per sidechain burn, each moving seen → decided → signed → submitted → done. Every
/// change is one synced write, so after a crash the member resumes from the last step it
/// made and never takes one twice; a done entry refuses every further step.
///
/// Keys: `d` ‖ output ID (deposits), `b` ‖ burn ID (burns), `c` ‖ name (cursors such as the
/// next main-chain height to scan). Values: the entries' canonical encodings (below).
///
/// Safe to share between threads as far as the store is; the member drives it from one.
public final class FederationRecord: Sendable {
    /// Most entries one listing returns (the rest are read by paging).
    public static let listingMax = 65_536
    static let depositPrefix: UInt8 = 0x64  // "d"
    static let burnPrefix: UInt8 = 0x62  // "b"
    static let cursorPrefix: UInt8 = 0x63  // "c"
    /// The cursor the deposit scanner keeps: the next main-chain height to scan.
    public static let scanCursor = "scan_height"

    private let store: any KeyValueStore

    /// A record in `store` (LevelDB in a member process, `MemoryStore` in tests).
    public init(store: any KeyValueStore) {
        self.store = store
    }

    // MARK: Deposits

    /// The deposit `outputID`, if recorded.
    public func deposit(_ outputID: Hash256) throws(FederationError) -> DepositWork? { try entry(outputID) }

    /// Records a deposit as seen; seeing it again returns the entry as it is.
    @discardableResult
    public func seeDeposit(outputID: Hash256, blockHash: Hash256, height: UInt64) throws(FederationError) -> DepositWork {
        if let existing = try deposit(outputID) { return existing }
        let work = DepositWork(outputID: outputID, blockHash: blockHash, height: height, stage: .seen)
        try save(work)
        return work
    }

    /// seen → decided with `verdict`.
    @discardableResult
    public func judgeDeposit(_ outputID: Hash256, _ verdict: DepositVerdict) throws(FederationError) -> DepositWork {
        try advance(outputID, to: .decided) { (work: inout DepositWork) in work.verdict = verdict }
    }

    /// decided → signed.
    @discardableResult
    public func markDepositSigned(_ outputID: Hash256) throws(FederationError) -> DepositWork {
        try advance(outputID, to: .signed) { (_: inout DepositWork) in }
    }

    /// signed → submitted, with the mint's or refund's transaction ID (submitted again: the
    /// same step, so a resubmission after a restart is recorded too).
    @discardableResult
    public func markDepositSubmitted(_ outputID: Hash256, transactionID: Hash256) throws(FederationError) -> DepositWork {
        try advance(outputID, to: .submitted) { (work: inout DepositWork) in work.transactionID = transactionID }
    }

    /// → done at `height` (sidechain height for a mint, main-chain for a refund), from any
    /// stage from decided on: another member may have submitted it.
    @discardableResult
    public func markDepositDone(_ outputID: Hash256, height: UInt64) throws(FederationError) -> DepositWork {
        try advance(outputID, to: .done) { (work: inout DepositWork) in work.doneHeight = height }
    }

    /// Every deposit not done yet, in output-ID order (at most `listingMax`).
    public func pendingDeposits() throws(FederationError) -> [DepositWork] { try pending() }

    // MARK: Burns

    /// The burn `burnID`, if recorded.
    public func burn(_ burnID: Hash256) throws(FederationError) -> BurnWork? { try entry(burnID) }

    /// Records a burn as seen; seeing it again returns the entry as it is.
    @discardableResult
    public func seeBurn(
        burnID: Hash256, height: UInt64, asset: AssetID, amount: Amount, mainChainAddress: [UInt8]
    ) throws(FederationError) -> BurnWork {
        if let existing = try burn(burnID) { return existing }
        let work = BurnWork(
            burnID: burnID, height: height, asset: asset, amount: amount, mainChainAddress: mainChainAddress, stage: .seen)
        try save(work)
        return work
    }

    /// Records a burn whose payment the main chain already holds K deep, done at `doneHeight`
    /// (its sidechain height is not known here: 0).
    @discardableResult
    public func seePaidBurn(
        burnID: Hash256, asset: AssetID, amount: Amount, mainChainAddress: [UInt8], doneHeight: UInt64
    ) throws(FederationError) -> BurnWork {
        if let existing = try burn(burnID) { return existing }
        var work = BurnWork(burnID: burnID, height: 0, asset: asset, amount: amount, mainChainAddress: mainChainAddress, stage: .done)
        work.doneHeight = doneHeight
        try save(work)
        return work
    }

    /// seen → decided with the proposed main-chain payment.
    @discardableResult
    public func proposeBurnPayment(_ burnID: Hash256, payment: Transaction) throws(FederationError) -> BurnWork {
        try advance(burnID, to: .decided) { (work: inout BurnWork) in work.payment = payment }
    }

    /// Back to decided with a new payment, from decided, signed or submitted: the last one
    /// can no longer be mined (another payment spent its holdings). Safe because the main
    /// chain pays a burn once whichever payment carries it.
    @discardableResult
    public func reproposeBurnPayment(_ burnID: Hash256, payment: Transaction) throws(FederationError) -> BurnWork {
        guard var work = try burn(burnID) else { throw .unknownEntry(id: burnID) }
        guard work.stage != .done else { throw .alreadyDone(id: burnID) }
        guard work.stage >= .decided else { throw .stageOrder(id: burnID, from: work.stage.name, to: WorkStage.decided.name) }
        work.stage = .decided
        work.payment = payment
        work.transactionID = nil
        try save(work)
        return work
    }

    /// decided → signed.
    @discardableResult
    public func markBurnSigned(_ burnID: Hash256) throws(FederationError) -> BurnWork {
        try advance(burnID, to: .signed) { (_: inout BurnWork) in }
    }

    /// signed → submitted (or submitted again).
    @discardableResult
    public func markBurnSubmitted(_ burnID: Hash256, transactionID: Hash256) throws(FederationError) -> BurnWork {
        try advance(burnID, to: .submitted) { (work: inout BurnWork) in work.transactionID = transactionID }
    }

    /// → done at main-chain `height`, from any stage: another member's payment may be the
    /// one the main chain holds.
    @discardableResult
    public func markBurnDone(_ burnID: Hash256, height: UInt64) throws(FederationError) -> BurnWork {
        try advance(burnID, to: .done) { (work: inout BurnWork) in work.doneHeight = height }
    }

    /// Every burn not done yet, in burn-ID order (at most `listingMax`).
    public func pendingBurns() throws(FederationError) -> [BurnWork] { try pending() }

    // MARK: Either kind of work

    private func entry<Work: RecordedWork>(_ id: Hash256) throws(FederationError) -> Work? {
        guard let bytes = try read(Self.key(Work.recordPrefix, id)) else { return nil }
        return try decode("\(Work.recordLabel) \(id)") { (reader: inout ByteReader) throws(PrimitivesError) in try Work(from: &reader) }(
            bytes)
    }

    /// Moves `id`'s entry one stage on (`checkStep`), applies `change`, and saves it.
    private func advance<Work: RecordedWork>(
        _ id: Hash256, to stage: WorkStage, _ change: (inout Work) -> Void
    ) throws(FederationError) -> Work {
        guard var work: Work = try entry(id) else { throw .unknownEntry(id: id) }
        try Self.checkStep(id, from: work.stage, to: stage)
        work.stage = stage
        change(&work)
        try save(work)
        return work
    }

    private func save(_ work: some RecordedWork) throws(FederationError) {
        try write(Self.key(type(of: work).recordPrefix, work.recordID), work.canonicalBytes)
    }

    private func pending<Work: RecordedWork>() throws(FederationError) -> [Work] {
        try list(Work.recordPrefix) { (reader: inout ByteReader) throws(PrimitivesError) in try Work(from: &reader) }
            .filter { $0.stage != .done }
    }

    // MARK: Cursors

    /// A cursor's value (nil before it was first set).
    public func cursor(_ name: String) throws(FederationError) -> UInt64? {
        guard let bytes = try read([Self.cursorPrefix] + Array(name.utf8)) else { return nil }
        return try decode("cursor \(name)") { (reader: inout ByteReader) throws(PrimitivesError) in try reader.readUInt64() }(bytes)
    }

    /// Sets a cursor (one synced write).
    public func setCursor(_ name: String, _ value: UInt64) throws(FederationError) {
        var writer = ByteWriter(capacity: 8)
        writer.write(value)
        try write([Self.cursorPrefix] + Array(name.utf8), writer.bytes)
    }

    // MARK: Holdings (the federation's main-chain outputs, K deep)

    static let holdingPrefix: UInt8 = 0x6F  // "o"

    /// Records what one K-deep main-chain block changed in the federation's holdings and
    /// moves the scan cursor past it, in one synced batch: a crash leaves either the block
    /// wholly scanned or not at all (and rescanning it is idempotent anyway).
    public func recordScannedBlock(
        added: [FederationHolding], spent: [Hash256], nextHeight: UInt64
    ) throws(FederationError) {
        var batch = WriteBatch()
        do {
            for outputID in spent { try batch.delete(Self.key(Self.holdingPrefix, outputID)) }
            for holding in added { try batch.put(Self.key(Self.holdingPrefix, holding.outputID), holding.output.canonicalBytes) }
            var cursor = ByteWriter(capacity: 8)
            cursor.write(nextHeight)
            try batch.put([Self.cursorPrefix] + Array(Self.scanCursor.utf8), cursor.bytes)
            try store.write(batch, sync: true)
        } catch {
            throw .storage(error)
        }
    }

    /// Whether `outputID` is one of the federation's K-deep holdings.
    public func isHolding(_ outputID: Hash256) throws(FederationError) -> Bool {
        try read(Self.key(Self.holdingPrefix, outputID)) != nil
    }

    /// The federation's K-deep main-chain holdings that a payment may spend (mint-judged
    /// deposits and change; refund-judged deposits are never listed), in output-ID order, at
    /// most `listingMax`.
    public func holdings() throws(FederationError) -> [FederationHolding] {
        let entries: [KeyValueEntry]
        do { entries = try store.scan(prefix: [Self.holdingPrefix], limit: Self.listingMax) } catch { throw .storage(error) }
        var holdings: [FederationHolding] = []
        holdings.reserveCapacity(entries.count)
        for entry in entries {
            guard let outputID = try? Hash256(bytes: entry.key.dropFirst()) else {
                throw .corruptRecord(key: Hex.encode(entry.key), detail: "a holding key is not 32 bytes after its prefix")
            }
            let output = try decode("holding \(outputID)") { (reader: inout ByteReader) throws(PrimitivesError) in try Output(from: &reader)
            }(
                entry.value)
            holdings.append(FederationHolding(outputID: outputID, output: output))
        }
        return holdings
    }

    // MARK: Halt

    static let haltKey: [UInt8] = [0x68]  // "h"

    /// Why the member halted, if it did: it stays halted across restarts until an operator
    /// clears it (`clearHalt`).
    public func haltReason() throws(FederationError) -> String? {
        guard let bytes = try read(Self.haltKey) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Records a halt (one synced write); the first reason is kept.
    public func setHalt(_ reason: String) throws(FederationError) {
        guard try haltReason() == nil else { return }
        try write(Self.haltKey, Array(reason.utf8.prefix(Self.haltReasonBytesMax)))
    }

    /// Clears a halt (an operator's decision after a deep reorg was looked at).
    public func clearHalt() throws(FederationError) {
        do { try store.delete(Self.haltKey, sync: true) } catch { throw .storage(error) }
    }

    /// The longest halt reason kept.
    public static let haltReasonBytesMax = 1_024

    // MARK: Main-chain headers (the reorg watcher's tree)

    static let headerPrefix: UInt8 = 0x6D  // "m"
    static let headerCountCursor = "headers"

    /// How many headers are stored.
    public func headerCount() throws(FederationError) -> UInt64 {
        try cursor(Self.headerCountCursor) ?? 0
    }

    /// Appends `headers` after the stored ones, with the new count, in one synced batch.
    public func appendHeaders(_ headers: [MainChainHeader]) throws(FederationError) {
        guard !headers.isEmpty else { return }
        var index = try headerCount()
        var batch = WriteBatch()
        do {
            for header in headers {
                try batch.put(Self.headerKey(index), header.canonicalBytes)
                index += 1
            }
            var count = ByteWriter(capacity: 8)
            count.write(index)
            try batch.put([Self.cursorPrefix] + Array(Self.headerCountCursor.utf8), count.bytes)
            try store.write(batch, sync: true)
        } catch {
            throw .storage(error)
        }
    }

    /// The stored headers from `index` on, in the order they were appended (at most `listingMax`).
    public func headers(from index: UInt64) throws(FederationError) -> [MainChainHeader] {
        let entries: [KeyValueEntry]
        do {
            entries = try store.scan(prefix: [Self.headerPrefix], from: Self.headerKey(index), limit: Self.listingMax)
        } catch {
            throw .storage(error)
        }
        var headers: [MainChainHeader] = []
        for entry in entries {
            headers.append(
                try decode("header \(Hex.encode(entry.key))") { (reader: inout ByteReader) throws(PrimitivesError) in
                    try MainChainHeader(from: &reader)
                }(entry.value))
        }
        return headers
    }

    private static func headerKey(_ index: UInt64) -> [UInt8] {
        // Big-endian, so the store's key order is the append order.
        [headerPrefix] + (0..<8).reversed().map { UInt8(truncatingIfNeeded: index >> (8 * UInt64($0))) }
    }

    // MARK: Store access

    /// One stage on; besides, `submitted` again (a resubmission) and `done` from any stage
    /// (the work was completed by another member's transaction, seen on chain).
    static func checkStep(_ id: Hash256, from: WorkStage, to: WorkStage) throws(FederationError) {
        guard from != .done else { throw .alreadyDone(id: id) }
        if to == .done || (to == .submitted && from == .submitted) { return }
        guard to.rawValue == from.rawValue + 1 else { throw .stageOrder(id: id, from: from.name, to: to.name) }
    }

    private static func key(_ prefix: UInt8, _ id: Hash256) -> [UInt8] { [prefix] + id.bytes }

    private func read(_ key: [UInt8]) throws(FederationError) -> [UInt8]? {
        do { return try store.get(key) } catch { throw .storage(error) }
    }

    private func write(_ key: [UInt8], _ value: [UInt8]) throws(FederationError) {
        do { try store.put(key, value, sync: true) } catch { throw .storage(error) }
    }

    private func list<Entry>(
        _ prefix: UInt8, _ decodeEntry: @escaping (inout ByteReader) throws(PrimitivesError) -> Entry
    ) throws(FederationError) -> [Entry] {
        let entries: [KeyValueEntry]
        do { entries = try store.scan(prefix: [prefix], limit: Self.listingMax) } catch { throw .storage(error) }
        var result: [Entry] = []
        for entry in entries {
            result.append(try decode("entry \(Hex.encode(entry.key))", decodeEntry)(entry.value))
        }
        return result
    }

    private func decode<Entry>(
        _ what: String, _ decodeEntry: @escaping (inout ByteReader) throws(PrimitivesError) -> Entry
    ) -> ([UInt8]) throws(FederationError) -> Entry {
        { (bytes: [UInt8]) throws(FederationError) -> Entry in
            var reader = ByteReader(bytes)
            do {
                let entry = try decodeEntry(&reader)
                try reader.finish()
                return entry
            } catch {
                throw .corruptRecord(key: what, detail: "\(error)")
            }
        }
    }
}

// MARK: - Codecs (the record's own format: version byte first, so it can change)

extension DepositVerdict: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        switch self {
        case .mint: writer.write(UInt8(0))
        case .refund(let reason): writer.write(reason.rawValue)
        }
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let tag = try reader.readUInt8()
        if tag == 0 {
            self = .mint
        } else if let reason = RefundReason(rawValue: tag) {
            self = .refund(reason)
        } else {
            throw .unknownTag(field: "deposit_verdict", tag: UInt64(tag))
        }
    }
}

extension WorkStage {
    init(reading reader: inout ByteReader) throws(PrimitivesError) {
        let raw = try reader.readUInt8()
        guard let stage = WorkStage(rawValue: raw) else { throw .unknownTag(field: "work_stage", tag: UInt64(raw)) }
        self = stage
    }
}

extension ByteWriter {
    fileprivate mutating func writeOptionalHash(_ hash: Hash256?) {
        write(hash != nil)
        if let hash { write(hash) }
    }

    fileprivate mutating func writeOptionalHeight(_ height: UInt64?) {
        write(height != nil)
        if let height { write(height) }
    }
}

extension ByteReader {
    fileprivate mutating func readOptionalHash(field: String) throws(PrimitivesError) -> Hash256? {
        try readBool(field: field) ? try readHash() : nil
    }

    fileprivate mutating func readOptionalHeight(field: String) throws(PrimitivesError) -> UInt64? {
        try readBool(field: field) ? try readUInt64() : nil
    }
}

extension DepositWork: CanonicalCodable {
    static let formatVersion: UInt8 = 1

    public func encode(to writer: inout ByteWriter) {
        writer.write(Self.formatVersion)
        writer.write(outputID)
        writer.write(blockHash)
        writer.write(height)
        writer.write(stage.rawValue)
        writer.write(verdict != nil)
        if let verdict { writer.write(verdict) }
        writer.writeOptionalHash(transactionID)
        writer.writeOptionalHeight(doneHeight)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let version = try reader.readUInt8()
        guard version == Self.formatVersion else { throw .unknownTag(field: "deposit_work.version", tag: UInt64(version)) }
        outputID = try reader.readHash()
        blockHash = try reader.readHash()
        height = try reader.readUInt64()
        stage = try WorkStage(reading: &reader)
        verdict = try reader.readBool(field: "deposit_work.verdict") ? try DepositVerdict(from: &reader) : nil
        transactionID = try reader.readOptionalHash(field: "deposit_work.transaction_id")
        doneHeight = try reader.readOptionalHeight(field: "deposit_work.done_height")
    }
}

extension BurnWork: CanonicalCodable {
    /// 2: the burn's asset, amount and address follow its height.
    static let formatVersion: UInt8 = 2

    public func encode(to writer: inout ByteWriter) {
        writer.write(Self.formatVersion)
        writer.write(burnID)
        writer.write(height)
        writer.write(asset.hash)
        writer.write(amount)
        writer.writeBytes(mainChainAddress)
        writer.write(stage.rawValue)
        writer.write(payment != nil)
        if let payment { writer.writeBytes(payment.canonicalBytes) }
        writer.writeOptionalHash(transactionID)
        writer.writeOptionalHeight(doneHeight)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let version = try reader.readUInt8()
        guard version == Self.formatVersion else { throw .unknownTag(field: "burn_work.version", tag: UInt64(version)) }
        burnID = try reader.readHash()
        height = try reader.readUInt64()
        asset = AssetID(try reader.readHash())
        amount = try reader.readAmount()
        mainChainAddress = try reader.readBytes(field: "burn_work.main_chain_address", limit: ControlProgram.maxMainChainAddressBytes)
        stage = try WorkStage(reading: &reader)
        if try reader.readBool(field: "burn_work.payment") {
            let bytes = try reader.readBytes(field: "burn_work.payment", limit: Transaction.maxEncodedBytes)
            payment = try Transaction(canonicalBytes: bytes)
        } else {
            payment = nil
        }
        transactionID = try reader.readOptionalHash(field: "burn_work.transaction_id")
        doneHeight = try reader.readOptionalHeight(field: "burn_work.done_height")
    }
}

extension DepositWork: RecordedWork {
    static var recordPrefix: UInt8 { FederationRecord.depositPrefix }
    static var recordLabel: String { "deposit" }
    var recordID: Hash256 { outputID }
}

extension BurnWork: RecordedWork {
    static var recordPrefix: UInt8 { FederationRecord.burnPrefix }
    static var recordLabel: String { "burn" }
    var recordID: Hash256 { burnID }
}
