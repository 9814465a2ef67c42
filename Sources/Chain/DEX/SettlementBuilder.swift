import Crypto
import Ledger
import Matching
import Primitives

/// Turns one market's book events of one block into its settlement transaction: every
/// order filled, returned or cancelled by request is spent once; partial remainders are
/// re-locked under their identical contracts; each seller program is paid once per asset,
/// netted over all its orders; fees go to the fee collector.
///
/// Amounts are exact: a fill of `size` at `price` is worth `size × price / 10^base_decimals`
/// quote units (whole, by the market rules). A sell consumes `size` base and earns that
/// value; a buy consumes its own limit's value of quote, earns `size` base and gets the
/// price improvement back. Each order's fee is `ceil(Σ earned_i × bps_i / 10_000)` over its
/// fills in the block (maker or taker rate per fill), never above what its signed cap allows.
struct SettlementBuilder {
    struct Account {
        let order: LiveOrder
        var consumed: UInt64 = 0
        var earned: UInt64 = 0
        var feeNumerator: UInt128 = 0
        var refund: UInt64 = 0
        var returned = false
    }

    let market: ChainMarket
    private(set) var accounts: [Account] = []
    private var accountIndex: [Hash256: Int] = [:]
    private(set) var trades: [Trade] = []

    /// A builder for `market`'s settlement, with room for about `eventCount` book events'
    /// accounts and trades (an account is a few hundred bytes: growing the list step by step
    /// copied it about twice over).
    init(market: ChainMarket, eventCount: Int = 0) {
        self.market = market
        accounts.reserveCapacity(eventCount)
        accountIndex.reserveCapacity(eventCount)
        trades.reserveCapacity(eventCount)
    }

    /// Records one fill between two tracked orders.
    mutating func recordFill(_ fill: Fill, maker: LiveOrder, taker: LiveOrder) {
        let size = UInt64(fill.size) * market.definition.lotSize
        let price = UInt64(fill.price) * market.definition.tickSize
        record(maker, size: size, price: price, feeBps: market.definition.makerFeeBps)
        record(taker, size: size, price: price, feeBps: market.definition.takerFeeBps)
        trades.append(
            Trade(market: market.index, maker: maker.orderID, taker: taker.orderID, takerSide: fill.takerSide, price: price, size: size))
    }

    private mutating func record(_ order: LiveOrder, size: UInt64, price: UInt64, feeBps: UInt16) {
        let market = market
        let value = market.quoteValue(size: size, price: price)
        update(order) { account in
            switch order.terms.side {
            case .sell:
                account.consumed += size
                account.earned += value
                account.feeNumerator += UInt128(value) * UInt128(feeBps)
            case .buy:
                let locked = market.quoteValue(size: size, price: order.terms.price)
                account.consumed += locked
                account.earned += size
                account.feeNumerator += UInt128(size) * UInt128(feeBps)
                account.refund += locked - value
            }
        }
    }

    /// Marks an order to be returned to its seller (IOC rest, expiry, self-trade, post-only).
    mutating func recordReturn(_ order: LiveOrder) {
        update(order) { $0.returned = true }
    }

    /// Notes an order cancelled by request (its whole remainder goes back).
    mutating func recordCancel(_ order: LiveOrder) {
        update(order) { _ in }
    }

    private mutating func update(_ order: LiveOrder, _ change: (inout Account) -> Void) {
        let index: Int
        if let existing = accountIndex[order.orderID] {
            index = existing
        } else {
            index = accounts.count
            accountIndex[order.orderID] = index
            accounts.append(Account(order: order))
        }
        change(&accounts[index])
    }
}
