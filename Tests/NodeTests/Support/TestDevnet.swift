import Chain
import Crypto
import Foundation
import Node
import Primitives

/// A devnet in a fresh temporary folder, made from fixed keys so every run builds the same
/// genesis (but for the folder's name). The folder is removed when the value is released.
final class TestDevnet {
    static let suite = SchnorrSecp256k1Suite()
    /// The repository's shipped market files.
    static let marketsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Markets").path
    static let genesisTimestampMs: UInt64 = 1_700_000_000_000

    let layout: DevnetLayout
    let traders: Int

    /// Fixed keys: validator 0x01…, fee collector 0x02…, trader N 0x10+N….
    static func key(_ name: String) -> any SigningKey {
        let byte: UInt8 = switch name {
        case "validator": 0x01
        case "fee-collector": 0x02
        default: 0x10 + UInt8(name.split(separator: "-").last.flatMap { UInt8($0) } ?? 0)
        }
        return try! suite.signingKey(secret: [UInt8](repeating: byte, count: 32))
    }

    init(traders: Int = 2, intakeEndpoint: String = "tcp://127.0.0.1:*", blockIntervalMs: UInt64 = 100, create: Bool = true) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lodestone-node-\(UUID().uuidString)").path
        layout = DevnetLayout(directory: directory)
        self.traders = traders
        guard create else { return }
        var options = DevnetOptions()
        options.marketsDirectory = Self.marketsDirectory
        options.traders = traders
        options.intakeEndpoint = intakeEndpoint
        // Parallel tests must not share the default feed ports.
        options.feedEndpoint = "tcp://127.0.0.1:*"
        options.snapshotEndpoint = "tcp://127.0.0.1:*"
        options.blockIntervalMs = blockIntervalMs
        options.genesisTimestampMs = Self.genesisTimestampMs
        options.makeKey = { Self.key($0) }
        try layout.create(options)
    }

    deinit { try? FileManager.default.removeItem(atPath: layout.directory) }

    var directory: String { layout.directory }

    func settings() throws -> NodeSettings { try NodeSettings.load(directory: directory) }

    func trader(_ number: Int) -> any SigningKey { Self.key("trader-\(number)") }
}
