import Crypto

extension Exchange {
    /// Every resting order per seller key, each list in priority (position) order: one walk
    /// of the books, for cancel-alls and dead-man switches, which name a key, not orders.
    func ordersBySeller() -> [PublicKey: [LiveOrder]] {
        var index: [PublicKey: [LiveOrder]] = [:]
        for order in live.values { index[order.contract.sellerKey, default: []].append(order) }
        for key in index.keys { index[key]?.sort { $0.position < $1.position } }
        return index
    }
}
