import Primitives

/// Why `lodestone devnet` could not run or keep running its node processes (codes 96xx).
public enum DevnetError: CodedError, Equatable {
    /// A node process could not be started (missing executable, unwritable log).
    case nodeStartFailed(name: String, reason: String)
    /// A node process ended while the devnet was running and nobody asked it to stop.
    case nodeExited(name: String, status: Int32, signaled: Bool)
    /// More node processes than a devnet runs.
    case tooManyNodes(count: Int, max: Int)

    public var code: UInt16 {
        switch self {
        case .nodeStartFailed: 9601
        case .nodeExited: 9602
        case .tooManyNodes: 9603
        }
    }

    public var name: String {
        switch self {
        case .nodeStartFailed: "devnet_node_start_failed"
        case .nodeExited: "devnet_node_exited"
        case .tooManyNodes: "devnet_too_many_nodes"
        }
    }

    public var message: String {
        switch self {
        case .nodeStartFailed(let name, let reason): "node \(name) did not start: \(reason)"
        case .nodeExited(let name, let status, let signaled):
            "node \(name) " + (signaled ? "was killed by signal \(status)" : "exited with status \(status)")
                + "; stopped the others (pass --keep-going to keep them running)"
        case .tooManyNodes(let count, let max): "\(count) node processes; a devnet runs at most \(max)"
        }
    }
}
