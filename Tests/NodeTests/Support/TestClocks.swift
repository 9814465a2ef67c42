import Logging
import Node
import Synchronization

/// A clock the test moves by hand.
final class ManualClock: NodeClock {
    private let nowValue: Atomic<UInt64>

    init(_ startMs: UInt64) { nowValue = Atomic(startMs) }

    func nowMs() -> UInt64 { nowValue.load(ordering: .acquiring) }

    func advance(byMs delta: UInt64) { nowValue.add(delta, ordering: .acquiringAndReleasing) }
}

/// Keeps every log message, for tests that check what the node logs.
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    var messages: [String] { lines.withLock { $0 } }

    var logger: Logger {
        Logger(label: "test") { _ in RecordingHandler(recorder: self) }
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }
}

private struct RecordingHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        recorder.append(event.message.description)
    }
}
