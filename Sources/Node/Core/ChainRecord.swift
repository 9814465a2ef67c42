import Chain
import Foundation
import Primitives

/// What a node folder records, outside LevelDB, about the chain its data folder holds: the
/// chain ID, the last committed height and the tip hash. The node rewrites it (durably)
/// after every committed block, so it is never ahead of the database and at most one block
/// behind; at open, a database behind it, missing or of another chain is refused instead of
/// silently starting over (docs/OPERATIONS.md, storage faults).
public struct ChainRecord: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The file's name in the node folder, beside node.json.
    public static let fileName = "chain-record.json"
    /// The only format written and read.
    public static let format = 1

    /// The chain the data folder holds.
    public let chainID: Hash256
    /// Its last committed block's height (0: genesis only).
    public let height: UInt64
    /// That block's hash (the chain ID at genesis).
    public let tipHash: Hash256

    /// A record of `height` and `tipHash` on chain `chainID`.
    public init(chainID: Hash256, height: UInt64, tipHash: Hash256) {
        self.chainID = chainID
        self.height = height
        self.tipHash = tipHash
    }

    /// The record of a state's tip.
    public init(_ state: ChainState) {
        self.init(chainID: state.config.chainID, height: state.height, tipHash: state.tipHash)
    }

    /// The record of a stored tip.
    public init(_ tip: StoredTip) {
        self.init(chainID: tip.chainID, height: tip.height, tipHash: tip.hash)
    }

    /// `chain <id> at height <n> (tip <hash>)`, for errors and logs.
    public var description: String { "chain \(chainID) at height \(height) (tip \(tipHash))" }

    enum CodingKeys: String, CodingKey {
        case format
        case chainID = "chain_id"
        case height
        case tipHash = "tip_hash"
    }

    /// Reads the JSON form; hashes are hex, `format` must be `ChainRecord.format`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format: Int = try container.field(.format)
        guard format == Self.format else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container, debugDescription: "format \(format) is not \(Self.format)")
        }
        func hash(_ key: CodingKeys) throws -> Hash256 {
            let hex: String = try container.field(key)
            do { return try Hash256(hex: hex) } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: error.message)
            }
        }
        chainID = try hash(.chainID)
        height = try container.field(.height)
        tipHash = try hash(.tipHash)
    }

    /// Writes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.format, forKey: .format)
        try container.encode(chainID.description, forKey: .chainID)
        try container.encode(height, forKey: .height)
        try container.encode(tipHash.description, forKey: .tipHash)
    }
}
