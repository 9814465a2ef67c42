import Foundation
import Markets
import PropertyBased
import TestSupport
import Testing

/// The rows of docs/MARKETS.md's "Unit vectors" table: market, kind, input, result.
enum UnitVectors {
    static func published() throws -> [(market: String, kind: String, input: String, result: String)] {
        let text = try String(contentsOfFile: MarketFixtures.repoRoot + "/docs/MARKETS.md", encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "### Unit vectors") else { return [] }
        var rows: [(String, String, String, String)] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix("#") { break }
            guard line.hasPrefix("| "), !line.hasPrefix("| market"), !line.hasPrefix("|---") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map {
                String($0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`")))
            }
            guard cells.count == 4 else { continue }
            rows.append((cells[0], cells[1], cells[2], cells[3]))
        }
        return rows
    }
}

@Suite("MarketUnits: human prices and sizes, exact both ways")
struct MarketUnitsTests {
    private let catalog: MarketCatalog
    private let btcUSDT: MarketUnits

    init() throws {
        catalog = try MarketCatalog.load(directory: MarketFixtures.shippedDirectory)
        btcUSDT = MarketUnits(try #require(catalog["BTC-USDT"]))
    }

    @Test("every row of docs/MARKETS.md's unit vectors is what the code computes")
    func publishedVectors() throws {
        let rows = try UnitVectors.published()
        #expect(rows.count >= 40, "the table was found and read")
        for row in rows {
            let units = MarketUnits(try #require(catalog[row.market], "\(row.market) is shipped"))
            let computed: String
            do {
                switch row.kind {
                case "price": computed = String(try units.price(row.input))
                case "size": computed = String(try units.size(row.input))
                case "format_price": computed = units.formatPrice(try #require(UInt64(row.input)))
                case "format_size": computed = units.formatSize(try #require(UInt64(row.input)))
                default:
                    Issue.record("unknown kind \(row.kind)")
                    continue
                }
            } catch let error as MarketUnitsError {
                computed = error.name
            }
            #expect(computed == row.result, "\(row.market) \(row.kind) '\(row.input)'")
        }
    }

    @Test("display decimals: the asset's decimals less the step's trailing zeros")
    func displayDecimals() throws {
        #expect(btcUSDT.priceDisplayDecimals == 2)
        #expect(btcUSDT.sizeDisplayDecimals == 4)
        let ethBTC = MarketUnits(try #require(catalog["ETH-BTC"]))
        #expect(ethBTC.priceDisplayDecimals == 6)
        #expect(ethBTC.sizeDisplayDecimals == 2)
        // A step with more zeros than the asset has decimals shows whole units.
        let coarse = MarketUnits(
            try MarketDefinition(
                symbol: "AB-CD", baseAsset: "AB", quoteAsset: "CD", tickSize: 1_000, lotSize: 1, minSize: 1,
                makerFeeBps: 0, takerFeeBps: 0, status: .active, baseDecimals: 0, quoteDecimals: 2))
        #expect(coarse.priceDisplayDecimals == 0)
        #expect(coarse.formatPrice(12_345_000) == "123,450")
        #expect(coarse.formatSize(7) == "7")
    }

    @Test("a price on the grid shown by formatPrice reads back to the same minor units, with and without separators")
    func priceRoundTrip() throws {
        let definition = btcUSDT.definition
        let ticks = Gen.uint64(in: (definition.minPriceTicks ?? 1)...(definition.maxPriceTicks ?? 1))
        try seededCheck(seed: 0x0A17_5001, count: 5_000, ticks) { ticks, caseIndex in
            let minor = ticks * definition.tickSize
            let text = btcUSDT.formatPrice(minor)
            let read = try btcUSDT.price(text)
            let readPlain = try btcUSDT.price(text.replacingOccurrences(of: ",", with: ""))
            #expect(read == minor, "case \(caseIndex): \(text)")
            #expect(readPlain == minor, "case \(caseIndex)")
        }
    }

    @Test("a size in whole lots shown by formatSize reads back to the same minor units")
    func sizeRoundTrip() throws {
        let definition = btcUSDT.definition
        let lots = Gen.uint64(in: 1...(UInt64.max / definition.lotSize))
        try seededCheck(seed: 0x0A17_5002, count: 5_000, lots) { lots, caseIndex in
            let minor = lots * definition.lotSize
            let text = btcUSDT.formatSize(minor)
            let read = try btcUSDT.size(text)
            #expect(read == minor, "case \(caseIndex): \(text)")
        }
    }

    @Test("any 64-bit amount at any decimals and display decimals formats and reads back exactly")
    func anyAmountRoundTrip() throws {
        let cases = zip(Gen.uint64(), Gen.uint8(in: 0...18), Gen.int(in: 0...18))
        try seededCheck(seed: 0x0A17_5003, count: 10_000, cases) { input, caseIndex in
            let (minor, decimals, display) = input
            let text = MarketUnits.format(minor, decimals: decimals, displayDecimals: min(display, Int(decimals)))
            let read = try MarketUnits.minorUnits(text, decimals: decimals, asset: "X", quantity: "size")
            #expect(read == minor, "case \(caseIndex): \(text) at \(decimals)")
        }
    }

    @Test("each error names its rule and the market value behind it, with its stable code")
    func errorsNameTheRule() throws {
        func failure(_ read: () throws -> UInt64) -> MarketUnitsError? {
            do {
                _ = try read()
                return nil
            } catch { return error as? MarketUnitsError }
        }
        let cases: [(MarketUnitsError?, UInt16, String, String)] = [
            (failure { try btcUSDT.price("") }, 5101, "units_malformed", "price '' is not a decimal number: empty"),
            (failure { try btcUSDT.price(String(repeating: "1", count: 65)) }, 5101, "units_malformed", "longer than 64 characters"),
            (failure { try btcUSDT.price("3e4") }, 5101, "units_malformed", "grouped by ','"),
            (failure { try btcUSDT.price("30.1x") }, 5101, "units_malformed", "after '.'"),
            (failure { try btcUSDT.size("0.000000001") }, 5102, "units_too_many_decimals", "more than 8 decimal places (BTC has 8)"),
            (failure { try btcUSDT.price("99999999999999") }, 5103, "units_overflow", "64 bits"),
            (failure { try btcUSDT.price("30010.001") }, 5104, "price_off_tick", "not a multiple of the tick 0.01 (tick_size 10000)"),
            (failure { try btcUSDT.price("0.50") }, 5105, "price_out_of_bounds", "below the lowest price 1.00 (min_price_ticks)"),
            (
                failure { try btcUSDT.price("1000000.01") }, 5105, "price_out_of_bounds",
                "above the highest price 1,000,000.00 (max_price_ticks)"
            ),
            (failure { try btcUSDT.size("0.00015") }, 5106, "size_not_lot_multiple", "not a multiple of the lot 0.0001 (lot_size 10000)"),
            (failure { try btcUSDT.size("0") }, 5107, "size_below_minimum", "below the minimum size 0.0001 (min_size 10000)"),
        ]
        for (error, code, name, text) in cases {
            let error = try #require(error, "\(name) is thrown")
            #expect(error.code == code)
            #expect(error.name == name)
            #expect(error.message.contains(text), "\(error.message)")
        }
    }

    @Test("a value is never rounded: any price off the grid or size off the lots is refused, whatever its digits")
    func neverRounds() {
        let definition = btcUSDT.definition
        let prices = Gen.uint64(in: 1...10_000_000_000_000)
        seededCheck(seed: 0x0A17_5004, count: 5_000, prices) { minor, caseIndex in
            let text = MarketUnits.format(minor, decimals: definition.quoteDecimals, displayDecimals: 0)
            do {
                let value = try btcUSDT.price(text)
                #expect(value == minor && definition.acceptsPrice(minor), "case \(caseIndex)")
            } catch {
                #expect(!definition.acceptsPrice(minor), "case \(caseIndex): \(text) refused")
            }
        }
    }
}
