import Foundation

/// JSON the way the node writes its files (sorted keys, pretty-printed), for write-then-read
/// properties of the config decoders.
public enum ConfigJSON {
    public static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(value) } catch { fatalError("fuzz property broken: a decoded config does not encode: \(error)") }
    }
}
