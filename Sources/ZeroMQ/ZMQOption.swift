/// A typed socket option: its libzmq name, how a Swift value is checked and encoded, and how a
/// read value is decoded. The standard options are static members (see `ZMQOption+Catalog`),
/// so call sites read `try socket.setOption(.lingerMs, 0)`.
public struct ZMQOption<Value: Sendable>: Sendable {
    let name: ZMQOptionName
    let access: ZMQOptionAccess
    let kind: ZMQOptionValue.Kind
    let encode: @Sendable (Value) throws(ZMQError) -> ZMQOptionValue
    let decode: @Sendable (ZMQOptionValue) -> Value

    /// A readable, writable integer option described by its valid range and by a sentinel
    /// meaning "none" (off, unlimited or infinite) that Swift spells `nil`. `wide` options are
    /// C `int64_t`, the others C `int`; `multipleOf` rejects values libzmq would round.
    static func optionalInt(
        _ name: ZMQOptionName, none sentinel: Int, range: ClosedRange<Int>, multipleOf step: Int = 1, wide: Bool = false
    ) -> ZMQOption<Int?> {
        assert(!range.contains(sentinel) && step > 0, "the sentinel must not be a valid value")
        return ZMQOption<Int?>(
            name: name, access: .readWrite, kind: wide ? .int64 : .int32,
            encode: { value throws(ZMQError) in
                let number = try value.map { value throws(ZMQError) in try checked(value, in: range, for: name) } ?? sentinel
                guard number % step == 0 else { throw ZMQError(.invalidOption, "\(name) must be a multiple of \(step), got \(number)") }
                return wide ? .int64(Int64(number)) : .int32(Int32(number))
            },
            decode: { value in
                let number = wide ? Int(value.int64) : Int(value.int32)
                return number == sentinel ? nil : number
            })
    }

    /// A boolean option stored as a C `int` 0 or 1.
    static func flag(_ name: ZMQOptionName, _ access: ZMQOptionAccess) -> ZMQOption<Bool> {
        ZMQOption<Bool>(
            name: name, access: access, kind: .int32,
            encode: { .int32($0 ? 1 : 0) },
            decode: { $0.int32 != 0 })
    }

    /// A short byte-string option (1 ... `ZMQLimits.maxShortBytes` bytes, or empty when
    /// `allowsEmpty`), also checked by `isValid`.
    static func shortBytes(
        _ name: ZMQOptionName, _ access: ZMQOptionAccess, allowsEmpty: Bool,
        isValid: @escaping @Sendable ([UInt8]) -> Bool = { _ in true }
    ) -> ZMQOption<[UInt8]> {
        let range = (allowsEmpty ? 0 : 1)...ZMQLimits.maxShortBytes
        return ZMQOption<[UInt8]>(
            name: name, access: access, kind: .bytes(capacity: ZMQLimits.maxShortBytes + 1),
            encode: { bytes throws(ZMQError) in
                _ = try checked(bytes.count, in: range, for: name, what: "length in bytes")
                guard isValid(bytes) else { throw ZMQError(.invalidOption, "\(name) value is not allowed") }
                return .bytes(bytes)
            },
            decode: { $0.bytes })
    }

    /// A UTF-8 string option of at most `maxBytes` bytes without NUL characters.
    static func text(_ name: ZMQOptionName, _ access: ZMQOptionAccess, maxBytes: Int) -> ZMQOption<String> {
        ZMQOption<String>(
            name: name, access: access, kind: .bytes(capacity: maxBytes + 1),
            encode: { text throws(ZMQError) in
                let bytes = Array(text.utf8)
                _ = try checked(bytes.count, in: 0...maxBytes, for: name, what: "length in bytes")
                guard !bytes.contains(0) else { throw ZMQError(.invalidOption, "\(name) must not contain NUL") }
                return .bytes(bytes)
            },
            decode: { $0.text })
    }

    /// `value` if it lies in `range`, else an `invalid_option` error naming the option and
    /// `what` of it was checked.
    static func checked(_ value: Int, in range: ClosedRange<Int>, for name: ZMQOptionName, what: String = "value") throws(ZMQError) -> Int {
        guard range.contains(value) else {
            throw ZMQError(.invalidOption, "\(name) \(what) must be in \(range.lowerBound)...\(range.upperBound), got \(value)")
        }
        return value
    }
}

/// Whether libzmq lets an option be read, written or both.
enum ZMQOptionAccess: Sendable {
    case readWrite, writeOnly, readOnly
}

/// The libzmq options the wrapper knows; `LibZMQ` maps them to C constants.
enum ZMQOptionName: Sendable {
    case sendHighWaterMark, receiveHighWaterMark, linger, routingID, routerMandatory
    case maxMessageSize, receiveTimeout, sendTimeout, immediate, tcpKeepalive
    case heartbeatInterval, heartbeatTimeout, heartbeatTTL
    case curveServer, curvePublicKey, curveSecretKey, curveServerKey, zapDomain
    case subscribe, unsubscribe, lastEndpoint, xpubManual
}

/// An option value in its C shape.
enum ZMQOptionValue: Sendable, Equatable {
    /// The C shape to read an option as; `bytes` gives the buffer size.
    enum Kind: Sendable {
        case int32, int64
        case bytes(capacity: Int)
    }

    case int32(Int32)
    case int64(Int64)
    case bytes([UInt8])

    // libzmq returns exactly the shape the option was read as, so a mismatch is a wrapper bug.
    var int32: Int32 {
        guard case .int32(let number) = self else { preconditionFailure("option read as int32") }
        return number
    }

    var int64: Int64 {
        guard case .int64(let number) = self else { preconditionFailure("option read as int64") }
        return number
    }

    var bytes: [UInt8] {
        guard case .bytes(let bytes) = self else { preconditionFailure("option read as bytes") }
        return bytes
    }

    /// Bytes of a string option, without the NUL terminator libzmq adds on read.
    var text: String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
}
