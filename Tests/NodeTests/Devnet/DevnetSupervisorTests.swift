import Foundation
import Node
import Testing

@Suite("Devnet supervisor: runs node processes as one, forwards stop, stops all when one dies unless told to keep going")
struct DevnetSupervisorTests {
    /// Children are `/bin/sh -c SCRIPT`, so the tests need no built node.
    static func child(_ name: String, _ script: String, in folder: String) -> DevnetSupervisor.Child {
        DevnetSupervisor.Child(name: name, arguments: ["-c", script], logPath: folder + "/\(name).log")
    }

    /// Runs until SIGTERM, then exits 0.
    static let steady = "trap 'exit 0' TERM; while :; do sleep 0.05; done"

    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lodestone-supervisor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("stop() sends SIGTERM to every node and wait() reports a requested stop; each node's output is in its log")
    func stopsEveryNode() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let children = ["a", "b", "c"].map {
            Self.child($0, "echo started $0; trap 'echo stopping; exit 0' TERM; while :; do sleep 0.05; done", in: folder)
        }
        let supervisor = try DevnetSupervisor(executable: "/bin/sh", children: children, keepGoing: false)
        let pids = try supervisor.start()
        #expect(Set(pids.keys) == ["a", "b", "c"])
        Thread.sleep(forTimeInterval: 0.3)
        supervisor.stop()
        #expect(supervisor.wait() == .stopped)
        for name in ["a", "b", "c"] {
            #expect(!supervisor.send(0, to: name), "\(name) still running")
            let log = try String(contentsOfFile: folder + "/\(name).log", encoding: .utf8)
            #expect(log.contains("stopping"), "\(name) got SIGTERM: \(log)")
        }
    }

    @Test("a node that exits unasked stops the others and is reported as devnet_node_exited (9602) with its status")
    func oneDiesAllStop() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let supervisor = try DevnetSupervisor(
            executable: "/bin/sh",
            children: [Self.child("steady", Self.steady, in: folder), Self.child("crashing", "sleep 0.2; exit 3", in: folder)],
            keepGoing: false)
        try supervisor.start()
        let started = Date()
        let outcome = supervisor.wait()
        #expect(outcome == .failed(.nodeExited(name: "crashing", status: 3, signaled: false)))
        #expect(DevnetError.nodeExited(name: "crashing", status: 3, signaled: false).code == 9602)
        #expect(!supervisor.send(0, to: "steady"), "the steady node was stopped too")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test("with keepGoing a node killed by SIGKILL is reported and the others keep running until stop()")
    func keepGoing() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let reports = Reports()
        let supervisor = try DevnetSupervisor(
            executable: "/bin/sh",
            children: [Self.child("victim", Self.steady, in: folder), Self.child("survivor", Self.steady, in: folder)],
            keepGoing: true, report: { reports.add($0) })
        try supervisor.start()
        #expect(supervisor.send(SIGKILL, to: "victim"))
        let deadline = Date().addingTimeInterval(5)
        while supervisor.send(0, to: "victim") && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(supervisor.send(0, to: "survivor"), "the survivor keeps running")
        #expect(reports.all.contains("node victim killed by signal \(SIGKILL)"), "\(reports.all)")
        supervisor.stop()
        #expect(supervisor.wait() == .stopped)
        #expect(!supervisor.send(0, to: "survivor"))
    }

    @Test("a node that cannot start is devnet_node_start_failed (9601) and those started are stopped")
    func startFailure() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let supervisor = try DevnetSupervisor(
            executable: folder + "/no-such-lodestone", children: [Self.child("a", "exit 0", in: folder)], keepGoing: false)
        let error = try #require(throws: DevnetError.self) { try supervisor.start() }
        #expect(error.code == 9601)
        #expect(error.name == "devnet_node_start_failed")
    }

    @Test("more node processes than childrenMax are refused (devnet_too_many_nodes, 9603)")
    func tooMany() throws {
        let children = (0...DevnetSupervisor.childrenMax).map { Self.child("n\($0)", "exit 0", in: "/tmp") }
        let error = try #require(throws: DevnetError.self) {
            try DevnetSupervisor(executable: "/bin/sh", children: children, keepGoing: false)
        }
        #expect(error == .tooManyNodes(count: DevnetSupervisor.childrenMax + 1, max: DevnetSupervisor.childrenMax))
        #expect(error.code == 9603)
    }

    @Test("a child runs its own executable when it names one; restart() starts a killed child again and refuses a running one")
    func ownExecutableAndRestart() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The supervisor's executable does not exist: only the children's own one (/bin/sh) can run.
        let children = ["main", "member"].map { name in
            DevnetSupervisor.Child(
                name: name, arguments: ["-c", "echo started; " + Self.steady], logPath: folder + "/\(name).log", executable: "/bin/sh")
        }
        let supervisor = try DevnetSupervisor(executable: folder + "/no-such-lodestone", children: children, keepGoing: true)
        try supervisor.start()
        let running = try #require(throws: DevnetError.self) { try supervisor.restart("member") }
        #expect(running.code == 9601)
        #expect(throws: DevnetError.self) { try supervisor.restart("nobody") }
        // The restarted child appends to the same log; each start writes one line.
        let starts = {
            ((try? String(contentsOfFile: folder + "/member.log", encoding: .utf8)) ?? "").components(separatedBy: "started").count - 1
        }
        // Killed before its first line, the child would leave one line in all.
        let first = Date().addingTimeInterval(10)
        while starts() < 1 && Date() < first { Thread.sleep(forTimeInterval: 0.02) }
        #expect(supervisor.send(SIGKILL, to: "member"))
        let deadline = Date().addingTimeInterval(5)
        while supervisor.send(0, to: "member") && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        try supervisor.restart("member")
        #expect(supervisor.send(0, to: "member"), "running again")
        // Wait (bounded) for the restarted child's line.
        let logged = Date().addingTimeInterval(10)
        while starts() < 2 && Date() < logged { Thread.sleep(forTimeInterval: 0.02) }
        #expect(
            starts() == 2,
            "the log is appended to across the restart: \((try? String(contentsOfFile: folder + "/member.log", encoding: .utf8)) ?? "")")
        supervisor.stop()
        #expect(supervisor.wait() == .stopped)
        #expect(!supervisor.send(0, to: "member") && !supervisor.send(0, to: "main"))
    }

    private final class Reports: @unchecked Sendable {
        private var lines: [String] = []
        private let lock = NSLock()
        func add(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }
}
