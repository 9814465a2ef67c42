import Foundation
import Node

/// `lodestone node` as a child process, with every wait on it bounded.
final class NodeProcess {
    /// The built `lodestone` executable next to the test bundle, or in the package's
    /// `.build/debug`; nil when it has not been built.
    static let binary: String? = {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [bundleDirectory.appendingPathComponent("lodestone"), packageRoot.appendingPathComponent(".build/debug/lodestone")]
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    private let process = Process()
    let logPath: String

    /// Starts `lodestone node --dir directory`, appending its output to `logPath`.
    init(binary: String, directory: String, logPath: String) throws {
        self.logPath = logPath
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try log.seekToEnd()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["node", "--dir", directory]
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var isRunning: Bool { process.isRunning }

    /// SIGKILL: no chance to finish anything.
    func kill(timeoutMs: Int) -> Bool {
        Foundation.kill(process.processIdentifier, SIGKILL)
        return waitForExit(timeoutMs: timeoutMs)
    }

    /// SIGTERM, then the exit status once the node stopped cleanly; nil if it did not stop in time.
    func terminate(timeoutMs: Int) -> Int32? {
        process.terminate()
        return waitForExit(timeoutMs: timeoutMs) ? process.terminationStatus : nil
    }

    func waitForExit(timeoutMs: Int) -> Bool {
        let deadline = Date(timeIntervalSinceNow: Double(timeoutMs) / 1_000)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        return !process.isRunning
    }

    /// The last lines the node wrote, for failure messages.
    func logTail(lines: Int = 30) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    deinit {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}
