import Ledger

// TEMPORARY until s22-mainchain lands MainChainBlock: removed on merge.
public struct MainChainBlock: Hashable, Sendable {
    public let header: MainChainHeader
    public let transactions: [Transaction]
    public init(header: MainChainHeader, transactions: [Transaction]) {
        self.header = header
        self.transactions = transactions
    }
}
