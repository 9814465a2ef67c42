import Chain
import Storage

extension NodeStatus {
    /// The status of a stopped node, read from its data folder (no mempool counts). Fails
    /// with `storage_failed` (locked) while the node runs, when the folder holds no chain,
    /// and with `data_folder_refused` when it disagrees with the node folder's chain record.
    public static func stored(_ settings: NodeSettings) throws(NodeError) -> NodeStatus {
        let folder = try DataFolder.open(settings, create: false)
        defer { folder.store.close() }
        // An empty database would get a genesis written by `open`; status only reads.
        guard folder.stored != nil else {
            throw .storage(.missing(path: settings.dataPath, detail: "the database holds no chain yet"))
        }
        do {
            return NodeStatus(state: try ChainStore(store: folder.store, suite: settings.chain.suite).open(config: settings.chain), pool: nil)
        } catch {
            throw .from(error)
        }
    }
}
