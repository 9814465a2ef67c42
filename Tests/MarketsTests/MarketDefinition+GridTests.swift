import Markets
import PropertyBased
import Testing
import TestSupport

@Suite("MarketDefinition price and size grid")
struct MarketDefinitionGridTests {
    private let market: MarketDefinition
    private let boundedMarket: MarketDefinition

    init() throws {
        market = try MarketFixtures.validDefinition()
        boundedMarket = try MarketDefinition(
            symbol: "ETH-BTC", baseAsset: "ETH", quoteAsset: "BTC", tickSize: 100, lotSize: 7, minSize: 21,
            makerFeeBps: 0, takerFeeBps: 0, status: .active, minPriceTicks: 10, maxPriceTicks: 20,
            baseDecimals: 0, quoteDecimals: 8)
    }

    @Test("a price is accepted exactly when it is a whole number of ticks within the bounds")
    func priceGrid() {
        let prices = Gen.uint64(in: 0...3_000)
        seededCheck(seed: 11, count: 2_000, prices) { price, _ in
            let onGrid = price % 100 == 0
            let ticks = price / 100
            #expect(boundedMarket.acceptsPrice(price) == (onGrid && (10...20).contains(ticks)))
        }
    }

    @Test("without bounds every positive multiple of the tick is a price, up to the largest one")
    func unboundedPrices() {
        #expect(!market.acceptsPrice(0))
        #expect(market.acceptsPrice(100_000))
        #expect(!market.acceptsPrice(100_001))
        #expect(market.acceptsPrice(UInt64.max / 100_000 * 100_000))
    }

    @Test("a size is accepted exactly when it is a whole number of lots and at least min_size")
    func sizeGrid() {
        let sizes = Gen.uint64(in: 0...500)
        seededCheck(seed: 12, count: 2_000, sizes) { size, _ in
            #expect(boundedMarket.acceptsSize(size) == (size % 7 == 0 && size >= 21))
        }
    }
}
