import Chain
import Storage

extension NodeStatus {
    /// The status of a stopped node, read from its data folder (no mempool counts). Fails
    /// with `storage_failed` (locked) while the node runs, and when the folder holds no chain.
    public static func stored(_ settings: NodeSettings) throws(NodeError) -> NodeStatus {
        var options = LevelDBOptions()
        options.createIfMissing = false
        let store: LevelDBStore
        do { store = try LevelDBStore(path: settings.dataPath, options: options) } catch { throw .storage(error) }
        defer { store.close() }
        do {
            return NodeStatus(state: try ChainStore(store: store, suite: settings.chain.suite).open(config: settings.chain), pool: nil)
        } catch {
            throw .from(error)
        }
    }
}
