import Matching

/// Writes events as JSON lines with a fixed key order, by hand, so the output is
/// byte-identical on every run. Order IDs and owners are written with their input names.
struct JSONLinesWriter: EventSink {
    /// Input names of the dense IDs.
    let orderNames: [String]
    let ownerNames: [String]
    /// Also write L2 and L3 events (`level`, `order_added`, …).
    let includeMarketData: Bool
    /// The input line being applied, written into `rejected` records.
    var line = 0
    /// Output not yet flushed.
    private(set) var bytes: [UInt8] = []

    init(orderNames: [String], ownerNames: [String], includeMarketData: Bool) {
        self.orderNames = orderNames
        self.ownerNames = ownerNames
        self.includeMarketData = includeMarketData
        bytes.reserveCapacity(1 << 20)
    }

    /// Hands the buffered output over and empties the buffer.
    mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    mutating func receive(_ event: BookEvent) {
        switch event {
        case .accepted(let id):
            record("accepted") { $0.field("id", $0.orderNames, id) }
        case .rejected(let id, let error):
            record("rejected") {
                if let id { $0.field("id", $0.orderNames, id) }
                $0.field("code", error.name)
                $0.field("line", Int64($0.line))
            }
        case .fill(let fill):
            record("fill") {
                $0.field("maker", $0.orderNames, fill.maker)
                $0.field("taker", $0.orderNames, fill.taker)
                $0.field("price", fill.price)
                $0.field("qty", fill.size)
                $0.field("maker_fee", fill.makerFee)
                $0.field("taker_fee", fill.takerFee)
            }
        case .cancelled(let id, let reason, let size):
            record("cancelled") {
                $0.field("id", $0.orderNames, id)
                $0.field("reason", reason.description)
                $0.field("qty", size)
            }
        default:
            if includeMarketData { marketData(event) }
        }
    }

    /// Writes a refused input line.
    mutating func refused(_ error: ReplayError, line: Int) {
        record("error") {
            $0.field("line", Int64(line))
            $0.field("code", error.name)
            $0.field("message", error.message)
        }
    }

    /// Writes the final book, best levels first.
    mutating func book(bids: [PriceLevel], asks: [PriceLevel]) {
        record("book") {
            $0.levels("bids", bids)
            $0.levels("asks", asks)
        }
    }

    private mutating func marketData(_ event: BookEvent) {
        switch event {
        case .levelChanged(let side, let price, let total):
            record("level") {
                $0.field("side", side == .buy ? "buy" : "sell")
                $0.field("price", price)
                $0.field("qty", total)
            }
        case .orderAdded(let id, let owner, let side, let price, let size):
            record("order_added") {
                $0.field("id", $0.orderNames, id)
                $0.field("owner", $0.ownerNames[Int(owner.rawValue)])
                $0.field("side", side == .buy ? "buy" : "sell")
                $0.field("price", price)
                $0.field("qty", size)
            }
        case .orderReduced(let id, let size):
            record("order_reduced") {
                $0.field("id", $0.orderNames, id)
                $0.field("qty", size)
            }
        case .orderReplaced(let id, let newID, let size):
            record("order_replaced") {
                $0.field("id", $0.orderNames, id)
                $0.field("new_id", $0.orderNames, newID)
                $0.field("qty", size)
            }
        case .orderRemoved(let id):
            record("order_removed") { $0.field("id", $0.orderNames, id) }
        case .accepted, .rejected, .fill, .cancelled:
            break
        }
    }

    // MARK: JSON by hand

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func record(_ kind: String, _ body: (inout JSONLinesWriter) -> Void) {
        bytes.append(contentsOf: #"{"ev":"#.utf8)
        string(kind)
        body(&self)
        bytes.append(contentsOf: "}\n".utf8)
    }

    private mutating func key(_ name: String) {
        bytes.append(UInt8(ascii: ","))
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func field(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    private mutating func field(_ name: String, _ names: [String], _ id: OrderID) {
        field(name, names[Int(id.rawValue)])
    }

    private mutating func field(_ name: String, _ value: Int64) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    private mutating func levels(_ name: String, _ levels: [PriceLevel]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, level) in levels.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: "[\(level.price),\(level.totalSize)]".utf8)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A JSON string: quotes, backslashes and control characters escaped.
    private mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case ..<0x20:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
