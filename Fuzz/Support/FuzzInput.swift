import Primitives

/// What every fuzz target shares: the input as bytes and property checks that trap, so that
/// libFuzzer records the input that broke a property as a crash.
public enum FuzzInput {
    /// The bytes libFuzzer passes to `LLVMFuzzerTestOneInput`.
    public static func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Traps naming the property when `holds` is false.
    public static func require(
        _ holds: @autoclosure () -> Bool, _ property: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line
    ) {
        if !holds() { fatalError("fuzz property broken: \(property())", file: file, line: line) }
    }

    /// Splits `bytes` into `count` frames: each but the last is a length byte then that many
    /// bytes, the last is the rest. Nil when the bytes run out first.
    public static func frames(_ bytes: [UInt8], count: Int) -> [[UInt8]]? {
        guard count > 0 else { return bytes.isEmpty ? [] : nil }
        var rest = bytes[...]
        var frames = [[UInt8]]()
        for _ in 0..<(count - 1) {
            guard let length = rest.popFirst(), rest.count >= Int(length) else { return nil }
            frames.append(Array(rest.prefix(Int(length))))
            rest = rest.dropFirst(Int(length))
        }
        return frames + [Array(rest)]
    }

    /// Splits off the first byte, which targets use to choose what to decode the rest as.
    public static func selector(_ bytes: [UInt8]) -> (selector: UInt8, rest: [UInt8])? {
        guard let first = bytes.first else { return nil }
        return (first, Array(bytes.dropFirst()))
    }
}

/// Properties of the canonical codec (docs/PROTOCOL.md) for one decodable type.
public enum CanonicalProperties {
    /// Decodes `bytes` as `Value` and, when that succeeds, checks that the codec is canonical:
    /// re-encoding gives back exactly the input, the value read from the input followed by
    /// more bytes is the same value ending at the same offset (so trailing bytes are seen and
    /// refused by `init(canonicalBytes:)`), and the input less its last byte is refused.
    /// Returns the decoded value, or nil when the input was refused.
    @discardableResult
    public static func check<Value: CanonicalCodable & Equatable>(_ type: Value.Type, _ bytes: [UInt8]) -> Value? {
        guard let value = try? Value(canonicalBytes: bytes) else { return nil }
        let name = String(describing: Value.self)
        FuzzInput.require(value.canonicalBytes == bytes, "\(name): decode then encode changed the bytes")

        var extended = ByteReader(bytes + [0x00, 0x80, 0xFF])
        let prefix = try? Value(from: &extended)
        FuzzInput.require(prefix == value, "\(name): trailing bytes changed the decoded value")
        FuzzInput.require(extended.offset == bytes.count, "\(name): decoding read past the value's own bytes")
        do {
            _ = try Value(canonicalBytes: bytes + [0x00])
            FuzzInput.require(false, "\(name): a trailing byte was accepted")
        } catch {
            FuzzInput.require(error == .trailingBytes(count: 1), "\(name): a trailing byte gave \(error), not trailing_bytes")
        }
        if !bytes.isEmpty {
            FuzzInput.require((try? Value(canonicalBytes: Array(bytes.dropLast()))) == nil, "\(name): a truncated encoding was accepted")
        }
        return value
    }
}
