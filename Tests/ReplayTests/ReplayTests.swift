@testable import LodestoneReplay
import Matching
import Testing

@Suite("Replay")
struct ReplayTests {
    static let golden = """
        {"op":"new","id":"o1","owner":"a","side":"sell","price":101,"qty":5,"tif":"gtc"}
        {"op":"new","id":"o2","owner":"b","side":"sell","price":100,"qty":3,"tif":"gtc"}
        {"op":"new","id":"o3","owner":"c","side":"buy","price":101,"qty":6,"tif":"ioc"}
        {"op":"new","id":"o4","owner":"c","side":"buy","price":99,"qty":4,"tif":"gtc","expiry":3}
        {"op":"replace","id":"o1","new_id":"o5","price":101,"qty":1}
        {"op":"new","id":"o6","owner":"a","side":"buy","price":98,"qty":2,"note":"extra fields are fine"}
        {"op":"height","h":4}
        {"op":"new","id":"o7","owner":"d","side":"sell","price":97,"qty":1,"tif":"fok"}
        {"op":"mass_cancel","owner":"zz"}

        """

    static let goldenOutput = """
        {"ev":"accepted","id":"o1"}
        {"ev":"accepted","id":"o2"}
        {"ev":"accepted","id":"o3"}
        {"ev":"fill","maker":"o2","taker":"o3","price":100,"qty":3,"maker_fee":1,"taker_fee":1}
        {"ev":"fill","maker":"o1","taker":"o3","price":101,"qty":3,"maker_fee":1,"taker_fee":1}
        {"ev":"accepted","id":"o4"}
        {"ev":"cancelled","id":"o1","reason":"replaced","qty":2}
        {"ev":"accepted","id":"o5"}
        {"ev":"accepted","id":"o6"}
        {"ev":"cancelled","id":"o4","reason":"expired","qty":4}
        {"ev":"accepted","id":"o7"}
        {"ev":"fill","maker":"o6","taker":"o7","price":98,"qty":1,"maker_fee":1,"taker_fee":1}
        {"ev":"book","bids":[[98,1]],"asks":[[101,1]]}

        """

    @Test("a golden input gives exactly the expected output, byte-identical on two runs")
    func golden() throws {
        let rules = try MarketRules(makerFeeBps: 1, takerFeeBps: 2)
        let first = try replay(Self.golden, rules: rules)
        #expect(first == Self.goldenOutput)
        #expect(try replay(Self.golden, rules: rules) == first)
    }

    @Test("a malformed line is reported with its line number and the run goes on")
    func malformedLineContinues() throws {
        let output = try replay("""
            {"op":"new","id":"o1","owner":"a","side":"sell","price":101,"qty":5}
            {"op":"new","id":"o2",
            {"op":"cancel","id":"o1"}
            """)
        let all = lines(output)
        #expect(all[1].hasPrefix(#"{"ev":"error","line":2,"code":"malformed_json","message":"#))
        #expect(all[2] == #"{"ev":"cancelled","id":"o1","reason":"user","qty":5}"#)
        #expect(all.last == #"{"ev":"book","bids":[],"asks":[]}"#)
    }

    /// A bad line, the ID it names and the code it must be rejected with.
    static let badLines: [(line: String, id: String, code: String)] = [
        (#"{"op":"new","id":"x","owner":"a","side":"buy","price":0,"qty":4}"#, "x", "price_not_positive"),
        (#"{"op":"new","id":"x","owner":"a","side":"buy","price":-10,"qty":4}"#, "x", "price_not_positive"),
        (#"{"op":"new","id":"x","owner":"a","side":"buy","price":90,"qty":0}"#, "x", "size_not_positive"),
        (#"{"op":"new","id":"x","owner":"a","side":"buy","price":90,"qty":-2}"#, "x", "size_not_positive"),
        (#"{"op":"new","id":"x","owner":"a","side":"buy","price":91,"qty":4}"#, "x", "price_off_tick"),
        (#"{"op":"new","id":"x","owner":"a","side":"buy","price":90,"qty":5}"#, "x", "size_not_whole_lots"),
        (#"{"op":"new","id":"x","owner":"a","side":"buy","price":90,"qty":2}"#, "x", "size_under_minimum"),
        (#"{"op":"cancel","id":"nobody"}"#, "nobody", "unknown_order_id"),
        (#"{"op":"new","id":"b1","owner":"a","side":"buy","price":90,"qty":4}"#, "b1", "duplicate_order_id"),
        (#"{"op":"new","id":"x","owner":"a","side":"buy","price":100,"qty":4,"tif":"post"}"#, "x", "post_only_would_cross"),
        (#"{"op":"new","id":"x","owner":"a","side":"buy","price":100,"qty":8,"tif":"fok"}"#, "x", "fok_unfillable"),
    ]

    static let badLineSetup = """
        {"op":"new","id":"b1","owner":"m","side":"buy","price":95,"qty":4}
        {"op":"new","id":"s1","owner":"m","side":"sell","price":100,"qty":4}

        """

    @Test("each bad input is rejected with its code and leaves the book unchanged", arguments: badLines.indices)
    func badInputRejected(index: Int) throws {
        let (bad, id, code) = Self.badLines[index]
        let rules = try MarketRules(tickSize: 5, lotSize: 2, minSize: 4)
        let without = lines(try replay(Self.badLineSetup, rules: rules))
        let with = lines(try replay(Self.badLineSetup + bad + "\n", rules: rules))
        #expect(with.dropLast().last == #"{"ev":"rejected","id":"\#(id)","code":"\#(code)","line":3}"#)
        #expect(with.last == without.last)
        #expect(with.count == without.count + 1)
    }

    @Test("--engine reference and fast give identical output on a generated stream")
    func enginesAgree() throws {
        let stream = try generated(4_000, seed: 3)
        let fast = try replay(stream, engine: .fast, marketData: true)
        #expect(try replay(stream, engine: .reference, marketData: true) == fast)
        #expect(fast.contains(#""ev":"fill""#))
    }

    @Test("market data output adds L2 and L3 records")
    func marketDataRecords() throws {
        let output = try replay(#"{"op":"new","id":"o1","owner":"a","side":"buy","price":5,"qty":2}"#, marketData: true)
        #expect(lines(output) == [
            #"{"ev":"accepted","id":"o1"}"#,
            #"{"ev":"order_added","id":"o1","owner":"a","side":"buy","price":5,"qty":2}"#,
            #"{"ev":"level","side":"buy","price":5,"qty":2}"#,
            #"{"ev":"book","bids":[[5,2]],"asks":[]}"#,
        ])
    }

    @Test("IDs with quotes and control characters are written back as valid JSON strings")
    func escapesNames() throws {
        let output = try replay(#"{"op":"cancel","id":"a\"b\\c\u0001"}"#)
        #expect(lines(output).first == #"{"ev":"rejected","id":"a\"b\\c\u0001","code":"unknown_order_id","line":1}"#)
    }
}
