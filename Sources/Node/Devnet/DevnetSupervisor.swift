import Dispatch
import Foundation
import Synchronization

/// Runs a devnet's nodes as child processes (`lodestone node --dir …`) and keeps them as one:
/// `stop()` (SIGINT or SIGTERM to `lodestone devnet`) sends SIGTERM to every node and waits
/// for each to finish its block; a node that ends on its own stops the rest, unless
/// `keepGoing` (then it is reported and the others run on, as a cluster test needs when it
/// kills a validator). A node that does not stop within `stopTimeoutMs` gets SIGKILL.
public final class DevnetSupervisor: Sendable {
    /// One process: a name for messages, its arguments, the file its output goes to, and
    /// its executable when it is not the supervisor's (the main chain runs
    /// `lodestone-mainchain`, the nodes and federation members `lodestone`).
    public struct Child: Sendable, Equatable {
        public let name: String
        public let arguments: [String]
        public let logPath: String
        /// nil: the supervisor's `executable`.
        public let executable: String?

        public init(name: String, arguments: [String], logPath: String, executable: String? = nil) {
            self.name = name
            self.arguments = arguments
            self.logPath = logPath
            self.executable = executable
        }
    }

    /// How the run ended.
    public enum Outcome: Sendable, Equatable {
        /// Asked to stop; every node was stopped.
        case stopped
        /// A node ended unasked: the others were stopped (or, with `keepGoing`, every node ended).
        case failed(DevnetError)
    }

    /// Most processes one supervisor runs: the most validators, the follower, the main chain
    /// and the federation members.
    public static let childrenMax = DevnetOptions.validatorsMax + 2 + DevnetPorts.federationMembersMax
    /// Longest wait for the nodes after SIGTERM before SIGKILL.
    public static let stopTimeoutMs = 15_000

    private struct State {
        var stopRequested = false
        var firstFailure: DevnetError?
        var exited: Set<String> = []
    }

    private let executable: String
    public let children: [Child]
    private let keepGoing: Bool
    private let report: @Sendable (String) -> Void
    private let processes: Mutex<[String: Process]> = Mutex([:])
    private let state = Mutex(State())
    /// Signalled on every exit and on `stop()`, so `wait()` re-checks.
    private let changed = DispatchSemaphore(value: 0)

    /// `report` receives one line per event (a node exited, a node was killed).
    public init(
        executable: String, children: [Child], keepGoing: Bool, report: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(DevnetError) {
        guard children.count <= Self.childrenMax else { throw .tooManyNodes(count: children.count, max: Self.childrenMax) }
        self.executable = executable
        self.children = children
        self.keepGoing = keepGoing
        self.report = report
    }

    /// Starts every node in order and returns their process IDs by name. If one cannot be
    /// started, those already running are stopped and the error is thrown.
    @discardableResult
    public func start() throws(DevnetError) -> [String: Int32] {
        var pids: [String: Int32] = [:]
        for child in children {
            do {
                pids[child.name] = try launch(child)
            } catch {
                stop()
                _ = wait()
                throw error
            }
        }
        return pids
    }

    /// Asks every node to stop (SIGTERM); `wait()` returns once they have.
    public func stop() {
        state.withLock { $0.stopRequested = true }
        changed.signal()
    }

    /// Sends `signal` to the node called `name`, e.g. SIGKILL from a test; false when it is not running.
    @discardableResult
    public func send(_ signal: Int32, to name: String) -> Bool {
        guard let process = processes.withLock({ $0[name] }), process.isRunning else { return false }
        return kill(process.processIdentifier, signal) == 0
    }

    /// Blocks until the devnet ends: after `stop()`, or when a node ended unasked (without
    /// `keepGoing`), or when every node has ended (with it).
    public func wait() -> Outcome {
        while true {
            changed.wait()
            let now = state.withLock { $0 }
            if now.stopRequested || (now.firstFailure != nil && !keepGoing) || now.exited.count == children.count {
                break
            }
        }
        // A failure counts unless the stop was asked for before it.
        let failure = state.withLock { $0.stopRequested ? nil : $0.firstFailure }
        stopAll()
        return failure.map(Outcome.failed) ?? .stopped
    }

    /// Starts the process called `name` again after it ended (a test restarts a member or a
    /// node it killed; with `keepGoing` the others ran on). Returns its new process ID; throws
    /// `nodeStartFailed` when it is still running, unknown, or cannot start.
    @discardableResult
    public func restart(_ name: String) throws(DevnetError) -> Int32 {
        guard let child = children.first(where: { $0.name == name }) else {
            throw .nodeStartFailed(name: name, reason: "no such process in this devnet")
        }
        if let process = processes.withLock({ $0[name] }), process.isRunning {
            throw .nodeStartFailed(name: name, reason: "it is still running")
        }
        guard !state.withLock({ $0.stopRequested }) else { throw .nodeStartFailed(name: name, reason: "the devnet is stopping") }
        state.withLock { _ = $0.exited.remove(name) }
        return try launch(child)
    }

    private func launch(_ child: Child) throws(DevnetError) -> Int32 {
        let executable = child.executable ?? executable
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = child.arguments
        do {
            let log = try Self.openLog(child.logPath)
            process.standardOutput = log
            process.standardError = log
            process.standardInput = FileHandle.nullDevice
        } catch {
            throw .nodeStartFailed(name: child.name, reason: "cannot open \(child.logPath): \(error.localizedDescription)")
        }
        process.terminationHandler = { [weak self] ended in self?.exited(child.name, ended) }
        processes.withLock { $0[child.name] = process }
        do { try process.run() } catch {
            processes.withLock { $0[child.name] = nil }
            throw .nodeStartFailed(name: child.name, reason: "\(executable): \(error.localizedDescription)")
        }
        return process.processIdentifier
    }

    private func exited(_ name: String, _ process: Process) {
        let signaled = process.terminationReason == .uncaughtSignal
        let status = process.terminationStatus
        let asked = state.withLock { state in
            state.exited.insert(name)
            if !state.stopRequested, state.firstFailure == nil {
                state.firstFailure = .nodeExited(name: name, status: status, signaled: signaled)
            }
            return state.stopRequested
        }
        if !asked { report("node \(name) " + (signaled ? "killed by signal \(status)" : "exited with status \(status)")) }
        changed.signal()
    }

    /// SIGTERM to every running node, last started first (the follower, which serves
    /// clients, stops while its validators still run and tells its subscribers), each waited
    /// for in turn; SIGKILL to any still running after `stopTimeoutMs` in all.
    private func stopAll() {
        state.withLock { $0.stopRequested = true }
        let all = processes.withLock { $0 }
        let running = children.reversed().compactMap { child in all[child.name].map { (child.name, $0) } }.filter { $0.1.isRunning }
        let deadline = DispatchTime.now() + .milliseconds(Self.stopTimeoutMs)
        for (name, process) in running {
            kill(process.processIdentifier, SIGTERM)
            while process.isRunning && DispatchTime.now() < deadline { usleep(10_000) }
            if process.isRunning {
                report("node \(name) did not stop within \(Self.stopTimeoutMs) ms; killing it")
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
    }

    /// The log file, created if missing and appended to, so a restart keeps earlier output.
    private static func openLog(_ path: String) throws -> FileHandle {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission)
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        return handle
    }
}
