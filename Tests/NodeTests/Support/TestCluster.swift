import Chain
import Crypto
import Foundation
import Node
import Primitives
import ZeroMQ

/// Validator (and follower) node folders of one chain inside a `TestDevnet`: a genesis
/// naming `validators` fixed keys, each folder with its key, a CURVE key and node.json
/// listing every other member as a consensus peer on a loopback port picked free.
final class TestCluster {
    /// One node folder of the cluster.
    struct Member {
        let name: String
        let directory: String
        let key: any SigningKey
        let curve: ZMQCurveKeyPair
        let endpoint: String
        let isFollower: Bool

        var peerEntry: ConsensusPeerEntry {
            ConsensusPeerEntry(publicKey: key.publicKey.description, curveKey: curve.publicKey.z85, endpoint: endpoint)
        }
    }

    let devnet: TestDevnet
    let members: [Member]
    let log = LogRecorder()

    /// Fixed validator keys 0x31…, the follower's 0x3F…, an outsider's 0x3E….
    static func key(_ byte: UInt8) -> any SigningKey {
        try! TestDevnet.suite.signingKey(secret: [UInt8](repeating: byte, count: 32))
    }

    /// `peg`: the genesis's peg section (none by default).
    init(validators: Int, follower: Bool = false, blockIntervalMs: UInt64 = 100, peg: GenesisFile.PegEntry? = nil) throws {
        devnet = try TestDevnet(blockIntervalMs: blockIntervalMs)
        let genesisPath = devnet.layout.genesisPath
        var genesis = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: genesisPath))) as! [String: Any]
        var members: [Member] = []
        for index in 0..<validators {
            members.append(try Self.member("validator-\(index + 1)", key: Self.key(0x31 + UInt8(index)), in: devnet, isFollower: false))
        }
        genesis["validators"] = members.map(\.key.publicKey.description)
        genesis["validator_curve_keys"] = members.map(\.curve.publicKey.z85)
        if let peg { genesis["peg"] = try JSONSerialization.jsonObject(with: JSONEncoder().encode(peg)) }
        let json = try JSONSerialization.data(withJSONObject: genesis, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: URL(fileURLWithPath: genesisPath))
        if follower { members.append(try Self.member("follower", key: Self.key(0x3F), in: devnet, isFollower: true)) }
        self.members = members
        for member in members { try write(member, peers: members.filter { $0.name != member.name }) }
    }

    /// A folder for a node outside the cluster: its own keys, listing the cluster as peers
    /// (the cluster does not list it).
    func outsider() throws -> Member {
        let member = try Self.member("outsider", key: Self.key(0x3E), in: devnet, isFollower: true)
        try write(member, peers: members.filter { !$0.isFollower })
        return member
    }

    static func member(_ name: String, key: any SigningKey, in devnet: TestDevnet, isFollower: Bool) throws -> Member {
        let directory = devnet.directory + "/" + name
        try FileManager.default.createDirectory(atPath: directory + "/keys", withIntermediateDirectories: true)
        try KeyFile(key: key).write(to: directory + "/keys/validator.key")
        let curve = try ZMQCurve.generateKeyPair()
        try Data((curve.secretKey.z85 + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/curve.key"))
        return Member(name: name, directory: directory, key: key, curve: curve, endpoint: try freeEndpoint(), isFollower: isFollower)
    }

    /// A loopback endpoint on a port free now, so that every node.json can name every peer
    /// before any node starts. The port comes from below the kernel's ephemeral range
    /// (32768–60999), where no wildcard bind (`tcp://127.0.0.1:*`) of a test running in
    /// parallel can take it between this check and the node's bind; a process-wide counter
    /// (from a start drawn from the process ID) keeps two clusters of one run apart.
    static func freeEndpoint() throws -> String {
        let context = try ZMQContext()
        defer { context.close() }
        for _ in 0..<portAttemptsMax {
            let endpoint = "tcp://127.0.0.1:\(nextPort())"
            let socket = try ZMQSocket(context, type: .router)
            defer { socket.close() }
            if (try? socket.bind(endpoint)) != nil { return endpoint }
        }
        throw TestClusterError.noFreePort
    }

    static let portAttemptsMax = 64
    private static let portsFirst = 20_000
    private static let portsCount = 12_000
    private static let portCounter = NSLock()
    nonisolated(unsafe) private static var portsHandedOut = 0

    private static func nextPort() -> Int {
        portCounter.lock()
        defer { portCounter.unlock() }
        let start = Int(ProcessInfo.processInfo.processIdentifier) &* 97
        portsHandedOut += 1
        return portsFirst + (start &+ portsHandedOut) % portsCount
    }

    private func write(_ member: Member, peers: [Member]) throws {
        var configuration = NodeConfiguration()
        configuration.genesisFile = "../genesis.json"
        configuration.intakeEndpoint = "tcp://127.0.0.1:*"
        configuration.feedEndpoint = "tcp://127.0.0.1:*"
        configuration.snapshotEndpoint = "tcp://127.0.0.1:*"
        configuration.gatewayEndpoint = member.isFollower ? "tcp://127.0.0.1:*" : ""
        configuration.role = member.isFollower ? "follower" : "validator"
        configuration.consensusEndpoint = member.endpoint
        configuration.consensusPeers = peers.map(\.peerEntry)
        try configuration.write(to: member.directory + "/node.json", replace: true)
    }

    /// Starts the node of `member` (its folder is reopened as it was on a restart).
    func start(_ member: Member, clock: any NodeClock = SystemClock()) throws -> Node {
        let settings = try NodeSettings.load(directory: member.directory)
        return try Node.start(settings, makePool: settings.mempoolFactory, clock: clock, logger: log.logger)
    }

    var validators: [Member] { members.filter { !$0.isFollower } }
    var follower: Member? { members.first(where: \.isFollower) }
}

enum TestClusterError: Error {
    /// `portAttemptsMax` ports in a row were taken.
    case noFreePort
}
