import Crypto
import Foundation
import Node
import Testing
import ZeroMQ

@Suite("Cluster devnet folder: N validator folders and a follower, CURVE keys, one genesis, fixed ports")
struct DevnetClusterLayoutTests {
    /// A fresh folder name; removed by the caller.
    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("lodestone-cluster-\(UUID().uuidString)").path
    }

    /// Fixed, distinct signing keys per name; random CURVE keys.
    static func options(validators: Int, portBase: UInt16 = 7801) -> DevnetOptions {
        var options = DevnetOptions()
        options.marketsDirectory = TestDevnet.marketsDirectory
        options.traders = 2
        options.validators = validators
        options.portBase = portBase
        options.usePublicPorts()
        options.genesisTimestampMs = TestDevnet.genesisTimestampMs
        options.makeKey = { name in
            // FNV-1a of the name in the last 8 bytes: distinct keys for distinct names.
            let hash = name.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
            return try! TestDevnet.suite.signingKey(secret: [UInt8](repeating: 0x40, count: 24) + withUnsafeBytes(of: hash) { Array($0) })
        }
        return options
    }

    static func json(_ path: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test("4 validators: validator-1…4 folders with key, owner-only curve.key and node.json; the folder itself is the follower")
    func layout() throws {
        let layout = DevnetLayout(directory: Self.folder())
        defer { try? FileManager.default.removeItem(atPath: layout.directory) }
        #expect(try layout.create(Self.options(validators: 4)))
        #expect(layout.validatorFolderCount == 4)
        #expect(layout.nodes.map(\.name) == ["validator-1", "validator-2", "validator-3", "validator-4", "follower"])
        #expect(layout.nodes.map(\.isFollower) == [false, false, false, false, true])
        #expect(layout.nodes.last?.directory == layout.directory)
        for number in 1...4 {
            let validator = DevnetLayout(directory: layout.validatorDirectory(number))
            for path in [validator.nodeConfigPath, validator.validatorKeyPath, validator.curveKeyPath, validator.dataPath] {
                #expect(FileManager.default.fileExists(atPath: path), "\(path)")
            }
            let mode = try FileManager.default.attributesOfItem(atPath: validator.curveKeyPath)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let secret = try String(contentsOfFile: validator.curveKeyPath, encoding: .utf8)
            #expect(secret.trimmingCharacters(in: .whitespacesAndNewlines).count == 40, "one Z85 secret")
        }
        for path in [layout.followerKeyPath, layout.curveKeyPath, layout.genesisPath, layout.traderKeyPath(2), layout.feeCollectorKeyPath] {
            #expect(FileManager.default.fileExists(atPath: path), "\(path)")
        }
        #expect(!FileManager.default.fileExists(atPath: layout.validatorKeyPath), "the follower has no validator key")
    }

    @Test("genesis names the validators in folder order with one distinct CURVE key each; the follower is no validator")
    func genesis() throws {
        let layout = DevnetLayout(directory: Self.folder())
        defer { try? FileManager.default.removeItem(atPath: layout.directory) }
        try layout.create(Self.options(validators: 4))
        let genesis = try Self.json(layout.genesisPath)
        let validators = try #require(genesis["validators"] as? [String])
        let keys = try (1...4).map { try KeyFile.signingKey(at: DevnetLayout(directory: layout.validatorDirectory($0)).validatorKeyPath).publicKey.description }
        #expect(validators == keys)
        let curveKeys = try #require(genesis["validator_curve_keys"] as? [String])
        #expect(curveKeys.count == 4 && Set(curveKeys).count == 4 && curveKeys.allSatisfy { $0.count == 40 })
        // Each validator's curve.key holds the secret of the public key genesis names for it.
        let derived = try (1...4).map { number in
            let path = DevnetLayout(directory: layout.validatorDirectory(number)).curveKeyPath
            let secret = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            return try ZMQCurveKeyPair(secretKey: ZMQCurveKey(z85: secret)).publicKey.z85
        }
        #expect(derived == curveKeys)
        #expect(!validators.contains(try KeyFile.signingKey(at: layout.followerKeyPath).publicKey.description))
    }

    @Test("node.json: fixed consensus and intake ports from the base, role, and every other node as a peer")
    func nodeFiles() throws {
        let layout = DevnetLayout(directory: Self.folder())
        defer { try? FileManager.default.removeItem(atPath: layout.directory) }
        try layout.create(Self.options(validators: 4, portBase: 7801))
        let genesis = try Self.json(layout.genesisPath)
        let curveKeys = try #require(genesis["validator_curve_keys"] as? [String])
        let second = try Self.json(DevnetLayout(directory: layout.validatorDirectory(2)).nodeConfigPath)
        #expect(second["role"] as? String == "validator")
        #expect(second["consensus_endpoint"] as? String == "tcp://127.0.0.1:7833")
        #expect(second["intake_endpoint"] as? String == "tcp://127.0.0.1:7853")
        #expect(second["gateway_endpoint"] as? String == "", "validators serve no gateway")
        #expect(second["genesis_file"] as? String == "../genesis.json")
        let peers = try #require(second["consensus_peers"] as? [[String: String]])
        #expect(peers.map { $0["endpoint"] } == ["tcp://127.0.0.1:7832", "tcp://127.0.0.1:7834", "tcp://127.0.0.1:7835", "tcp://127.0.0.1:7831"])
        #expect(peers.prefix(3).map { $0["curve_key"] } == [curveKeys[0], curveKeys[2], curveKeys[3]])

        let follower = try Self.json(layout.nodeConfigPath)
        #expect(follower["role"] as? String == "follower")
        #expect(follower["consensus_endpoint"] as? String == "tcp://127.0.0.1:7831")
        #expect(follower["intake_endpoint"] as? String == "tcp://127.0.0.1:7801")
        #expect(follower["gateway_endpoint"] as? String == "tcp://127.0.0.1:7811")
        #expect(follower["feed_endpoint"] as? String == "tcp://127.0.0.1:7821")
        #expect(follower["snapshot_endpoint"] as? String == "tcp://127.0.0.1:7822")
        let followerPeers = try #require(follower["consensus_peers"] as? [[String: String]])
        #expect(followerPeers.map { $0["curve_key"] } == curveKeys)
        #expect(followerPeers.map { $0["public_key"] ?? "" } == (genesis["validators"] as? [String]))
    }

    @Test("one validator is today's single-node folder: no validator folders, no follower")
    func single() throws {
        let layout = DevnetLayout(directory: Self.folder())
        defer { try? FileManager.default.removeItem(atPath: layout.directory) }
        try layout.create(Self.options(validators: 1, portBase: 7601))
        #expect(layout.validatorFolderCount == 0)
        #expect(layout.nodes.map(\.name) == ["validator"])
        #expect(layout.nodes.map(\.directory) == [layout.directory])
        #expect(layout.nodes.map(\.isFollower) == [false])
        #expect(FileManager.default.fileExists(atPath: layout.validatorKeyPath))
        let configuration = try NodeConfiguration.load(path: layout.nodeConfigPath)
        #expect(configuration.intakeEndpoint == "tcp://127.0.0.1:7601")
        #expect(configuration.gatewayEndpoint == "tcp://127.0.0.1:7611")
    }

    @Test("validators outside 1...16 and a port base whose ports do not fit are devnet_refused (9004), leaving nothing")
    func refused() throws {
        for (validators, base) in [(0, UInt16(7401)), (DevnetOptions.validatorsMax + 1, 7401), (4, UInt16.max - 10), (4, 80)] {
            let layout = DevnetLayout(directory: Self.folder())
            defer { try? FileManager.default.removeItem(atPath: layout.directory) }
            let error = try #require(throws: NodeError.self) { try layout.create(Self.options(validators: validators, portBase: base)) }
            #expect(error.code == 9004, "\(validators) validators, base \(base)")
            #expect(!layout.exists)
        }
    }
}
