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

    /// A few lines for a person: chain, tip, mempool, and each book's depth and best prices.
    public var summary: String {
        var lines = [
            "chain \(chainName) (\(chainID))",
            "height \(height)  tip \(tipHash)" + (tipTimestampMs.map { "  time \($0) ms" } ?? "  (genesis)"),
            mempool.map { "mempool \($0.transactions) transactions, \($0.cancels) cancels, \($0.bytes) bytes" }
                ?? "mempool unknown (node not running)",
        ]
        for book in books {
            let bid = book.bestBid.map { " best \($0)" } ?? ""
            let ask = book.bestAsk.map { " best \($0)" } ?? ""
            lines.append("  \(book.symbol)  bids \(book.bids)\(bid)  asks \(book.asks)\(ask)")
        }
        return lines.joined(separator: "\n")
    }
}
