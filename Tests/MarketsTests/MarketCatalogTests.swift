import Foundation
import Markets
import Testing

@Suite("MarketCatalog")
struct MarketCatalogTests {
    @Test("the three shipped market files load, sorted by file name, with their documented values")
    func shippedMarkets() throws {
        let catalog = try MarketCatalog.load(directory: MarketFixtures.shippedDirectory)
        #expect(catalog.markets.map(\.symbol) == ["BTC-USDT", "ETH-BTC", "ETH-USDT"])
        let btc = try #require(catalog["BTC-USDT"])
        #expect(btc.baseAsset == "BTC" && btc.quoteAsset == "USDT")
        #expect(btc.tickSize == 10_000 && btc.lotSize == 10_000 && btc.minSize == 10_000)
        #expect(btc.minPriceTicks == 100 && btc.maxPriceTicks == 100_000_000)
        #expect(catalog["ETH-BTC"]?.selfTradePolicy == .cancelBoth)
        #expect(catalog["ETH-USDT"]?.maxPriceTicks == nil)
    }

    @Test("load order is sorted file-name order, whatever order the files were written in")
    func deterministicOrder() throws {
        try MarketFixtures.withScratchDirectory("order") { directory in
            for (base, quote) in [("ZEC", "BTC"), ("ADA", "USDT"), ("ETH", "BTC"), ("ADA", "BTC")] {
                try MarketFixtures.write(
                    MarketFixtures.toml(base: base, quote: quote), to: directory, name: "\(base)-\(quote).toml")
            }
            try MarketFixtures.write("not a market", to: directory, name: "README.md")
            let first = try MarketCatalog.load(directory: directory)
            let second = try MarketCatalog.load(directory: directory + "/")
            #expect(first.markets.map(\.symbol) == ["ADA-BTC", "ADA-USDT", "ETH-BTC", "ZEC-BTC"])
            #expect(first == second)
        }
    }

    @Test("lookup by symbol finds a loaded market and gives nil for any other")
    func lookup() throws {
        let catalog = try MarketCatalog.load(directory: MarketFixtures.shippedDirectory)
        #expect(catalog["ETH-USDT"]?.baseAsset == "ETH")
        #expect(catalog["eth-usdt"] == nil)
        #expect(catalog["DOGE-USDT"] == nil)
    }

    @Test("a symbol defined in two directories is market_symbol_duplicate (5011) naming both files")
    func duplicateSymbol() throws {
        try MarketFixtures.withScratchDirectory("duplicate") { directory in
            let shipped = directory + "/shipped"
            let operatorOwn = directory + "/operator"
            for subdirectory in [shipped, operatorOwn] {
                try FileManager.default.createDirectory(atPath: subdirectory, withIntermediateDirectories: false)
                try MarketFixtures.write(MarketFixtures.toml(), to: subdirectory, name: "BTC-USDT.toml")
            }
            let error = #expect(throws: MarketFileError.self) {
                try MarketCatalog.load(directories: [shipped, operatorOwn])
            }
            #expect(error?.code == 5011)
            #expect(error?.key == "symbol")
            #expect(error?.path == operatorOwn + "/BTC-USDT.toml")
            #expect(
                error?.message
                    == "\(operatorOwn)/BTC-USDT.toml: key 'symbol': 'BTC-USDT' is already defined by "
                    + "\(shipped)/BTC-USDT.toml")
        }
    }

    @Test("one bad file refuses the whole catalog with that file's error")
    func badFileRefusesCatalog() throws {
        try MarketFixtures.withScratchDirectory("bad-file") { directory in
            try MarketFixtures.write(MarketFixtures.toml(), to: directory, name: "BTC-USDT.toml")
            try MarketFixtures.write(
                MarketFixtures.toml(base: "ETH", quote: "USDT") + "lot_size_typo = 1\n", to: directory,
                name: "ETH-USDT.toml")
            let error = #expect(throws: MarketFileError.self) { try MarketCatalog.load(directory: directory) }
            #expect(
                error
                    == MarketFileError(path: directory + "/ETH-USDT.toml", key: "lot_size_typo", problem: .unknownKey))
        }
    }

    @Test("a directory that cannot be listed is market_file_unreadable (5001) naming it")
    func missingDirectory() {
        let directory = MarketFixtures.repoRoot + "/no-such-markets-directory"
        let error = #expect(throws: MarketFileError.self) { try MarketCatalog.load(directory: directory) }
        #expect(error == MarketFileError(path: directory, problem: .unreadable(reason: "cannot list the directory")))
    }

    @Test("more than 1024 market files is market_catalog_too_large (5013) before any is read")
    func tooManyFiles() throws {
        try MarketFixtures.withScratchDirectory("too-many") { directory in
            for index in 0...MarketLimits.catalogMaxMarkets {
                try MarketFixtures.write("", to: directory, name: "M\(index)-X.toml")
            }
            let error = #expect(throws: MarketFileError.self) { try MarketCatalog.load(directory: directory) }
            #expect(error == MarketFileError(path: directory, problem: .tooManyMarkets(limit: 1024)))
            #expect(error?.message == "\(directory): more than 1024 market files")
        }
    }
}
