import Matching

/// The whole input, parsed: one record per non-blank line, with the string IDs interned.
struct ReplayInput {
    /// What one line means: an operation, or the error that refuses it.
    enum Record {
        case operation(BookOperation)
        case refused(ReplayError)
    }

    /// Most distinct order IDs (and owners) one input may name: the books' ID space.
    static let idLimit = BookCapacity.orderIDCeiling

    private(set) var orderIDs = Interner()
    private(set) var owners = Interner()
    /// The records with their 1-based line numbers, in input order.
    private(set) var records: [(line: Int, record: Record)] = []

    /// Parses every line of `bytes` (`\n` or `\r\n` separated; blank lines are skipped).
    init(_ bytes: [UInt8]) {
        var line = 0
        for slice in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            line += 1
            let text = slice.last == UInt8(ascii: "\r") ? slice.dropLast() : slice
            guard text.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            records.append((line, parse(text, line: line)))
        }
    }

    /// The number of operations (refused lines excluded).
    var operationCount: Int {
        records.reduce(0) { if case .operation = $1.record { $0 + 1 } else { $0 } }
    }

    private mutating func parse(_ text: ArraySlice<UInt8>, line: Int) -> Record {
        let members: [(key: String, value: JSONScalar)]
        do {
            members = try JSONLineScanner.scan(text)
        } catch {
            return .refused(.malformedJSON(line: line, reason: "\(error.reason) at byte \(error.offset)"))
        }
        do throws(ReplayError) {
            return .operation(try operation(RecordFields(members, line: line)))
        } catch {
            return .refused(error)
        }
    }

    private mutating func operation(_ fields: RecordFields) throws(ReplayError) -> BookOperation {
        switch try fields.string("op") {
        case "new":
            return .submit(
                NewOrder(
                    id: try orderID(fields.string("id"), fields), owner: try owner(fields.string("owner"), fields),
                    side: try fields.side(), price: try fields.integer("price"), size: try fields.integer("qty"),
                    timeInForce: try fields.timeInForce(), expiry: try fields.optionalHeight("expiry")))
        case "cancel":
            return .cancel(try orderID(fields.string("id"), fields))
        case "replace":
            return .replace(
                ReplaceRequest(
                    id: try orderID(fields.string("id"), fields), newID: try orderID(fields.string("new_id"), fields),
                    price: try fields.integer("price"), size: try fields.integer("qty")))
        case "mass_cancel":
            return .massCancel(try owner(fields.string("owner"), fields))
        case "height":
            guard let height = try fields.optionalHeight("h") else { throw fields.invalid("missing key 'h'") }
            return .advance(toHeight: height)
        case let op:
            throw fields.invalid("unknown op '\(op)'")
        }
    }

    private mutating func orderID(_ name: String, _ fields: RecordFields) throws(ReplayError) -> OrderID {
        guard let id = orderIDs.intern(name, limit: Self.idLimit) else { throw .tooManyIDs(line: fields.line, limit: Self.idLimit) }
        return OrderID(id)
    }

    private mutating func owner(_ name: String, _ fields: RecordFields) throws(ReplayError) -> OwnerID {
        guard let id = owners.intern(name, limit: Self.idLimit) else { throw .tooManyIDs(line: fields.line, limit: Self.idLimit) }
        return OwnerID(id)
    }
}

/// The top-level members of one record, read by key with type checks.
struct RecordFields {
    let line: Int
    private let members: [(key: String, value: JSONScalar)]

    init(_ members: [(key: String, value: JSONScalar)], line: Int) throws(ReplayError) {
        self.line = line
        self.members = members
        var seen: Set<String> = []
        for member in members where !seen.insert(member.key).inserted {
            throw .invalidRecord(line: line, reason: "duplicate key '\(member.key)'")
        }
    }

    func invalid(_ reason: String) -> ReplayError { .invalidRecord(line: line, reason: reason) }

    private func value(_ key: String) -> JSONScalar? { members.first { $0.key == key }?.value }

    func string(_ key: String) throws(ReplayError) -> String {
        switch value(key) {
        case .string(let text): return text
        case nil: throw invalid("missing key '\(key)'")
        default: throw invalid("key '\(key)' must be a string")
        }
    }

    func integer(_ key: String) throws(ReplayError) -> Int64 {
        switch value(key) {
        case .integer(let number): return number
        case nil: throw invalid("missing key '\(key)'")
        default: throw invalid("key '\(key)' must be an integer in the 64-bit range")
        }
    }

    func optionalHeight(_ key: String) throws(ReplayError) -> UInt64? {
        guard value(key) != nil else { return nil }
        let number = try integer(key)
        guard number >= 0 else { throw invalid("key '\(key)' must not be negative") }
        return UInt64(number)
    }

    func side() throws(ReplayError) -> Side {
        switch try string("side") {
        case "buy": return .buy
        case "sell": return .sell
        case let other: throw invalid("side must be 'buy' or 'sell', not '\(other)'")
        }
    }

    /// `tif` is optional and defaults to `gtc`.
    func timeInForce() throws(ReplayError) -> TimeInForce {
        switch value("tif") == nil ? "gtc" : try string("tif") {
        case "gtc": return .goodTillCancel
        case "ioc": return .immediateOrCancel
        case "fok": return .fillOrKill
        case "post": return .postOnly
        case let other: throw invalid("tif must be gtc, ioc, fok or post, not '\(other)'")
        }
    }
}
