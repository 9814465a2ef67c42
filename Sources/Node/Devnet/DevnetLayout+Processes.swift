import Foundation

extension DevnetLayout {
    /// The executable that runs the devnet's main chain, next to `lodestone` in the same bin folder.
    public static let mainChainExecutableName = "lodestone-mainchain"

    /// Every process of the devnet in start order, for `DevnetSupervisor`: the main chain
    /// (with a peg), the nodes (validators first, then the follower), then the federation
    /// members, which need the main chain and the gateway. The supervisor stops them in the
    /// reverse order. `lodestone` is the supervisor's executable; the main chain runs
    /// `lodestone-mainchain` from `binDirectory`. Each child watches `parentPID` and stops when
    /// it is gone (a supervisor killed with SIGKILL cannot stop them). `logLevel` goes to the
    /// main chain and the members (a node takes its level from node.json).
    public func processes(binDirectory: String, parentPID: Int32, logLevel: String? = nil) throws(NodeError) -> [DevnetSupervisor.Child] {
        let parent = String(parentPID)
        let level = logLevel.map { ["--log-level", $0] } ?? []
        var children: [DevnetSupervisor.Child] = []
        if hasPeg {
            let run = try mainChainRun()
            children.append(
                DevnetSupervisor.Child(
                    name: Self.mainChainName,
                    arguments: [
                        "run", "--dir", mainChainPath, "--rpc", run.rpc, "--pub", run.pub, "--mine", "--miner-cpu-percent",
                        String(run.minerCPUPercent), "--parent-pid", parent,
                    ] + level,
                    logPath: logPath(Self.mainChainName),
                    executable: NodeFiles.resolve(Self.mainChainExecutableName, against: binDirectory)))
        }
        children += nodes.map { node in
            DevnetSupervisor.Child(
                name: node.name, arguments: ["node", "--dir", node.directory, "--parent-pid", parent], logPath: logPath(node.name))
        }
        if hasPeg {
            children += (0..<federationFolderCount).map { index in
                let name = Self.federationName(index + 1)
                return DevnetSupervisor.Child(
                    name: name, arguments: ["federation", "run", "--dir", federationDirectory(index + 1), "--parent-pid", parent] + level,
                    logPath: logPath(name))
            }
        }
        return children
    }
}
