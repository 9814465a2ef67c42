import Crypto
import Foundation
import Ledger
import Markets
import Matching
import Primitives
import Testing

@testable import Chain

/// docs/PROTOCOL.md §5d–§5e and their vectors (§7, "Genesis, orders and settlement"),
/// recomputed from the chain's code. `clients/python/tests/test_vectors.py` recomputes the same
/// table from the document's rules alone.
enum ChainProtocolVectors {
    static let suite = SchnorrSecp256k1Suite()
    static func key(_ byte: UInt8) throws -> any SigningKey { try suite.signingKey(secret: [UInt8](repeating: byte, count: 32)) }

    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The vector chain's genesis, as §7 describes it.
    static func genesis() throws -> Genesis {
        let alice = try key(0xA1)
        let bob = try key(0xB0)
        let validator = try key(0x01)
        let feeCollector = try key(0x02)
        let market = try MarketDefinition.load(path: repoRoot.appendingPathComponent("Markets/BTC-USDT.toml").path)
        return Genesis(
            chainName: "lodestone-vectors", timestampMs: 0, blockIntervalMs: 100, suite: .schnorrSecp256k1, nativeAsset: "LODE",
            assets: [
                AssetDefinition(symbol: "LODE", decimals: 8), AssetDefinition(symbol: "BTC", decimals: 8),
                AssetDefinition(symbol: "USDT", decimals: 6),
            ],
            allocations: [
                Allocation(asset: "BTC", amount: Amount(100_000_000), program: .payToKey(alice.publicKey)),
                Allocation(asset: "USDT", amount: Amount(1_000_000_000), program: .payToKey(bob.publicKey)),
            ],
            validators: [validator.publicKey], feeCollector: .payToKey(feeCollector.publicKey), markets: [market])
    }

    /// One order paid from one genesis coin, its change back to the key, signed with 32 zero
    /// bytes of auxiliary randomness.
    static func order(
        _ key: any SigningKey, _ side: Side, price: UInt64, size: UInt64, coin: Hash256, holding: UInt64, state: ChainState
    ) throws -> Transaction {
        let market = state.config.markets[0]
        let offered = side == .sell ? market.baseAsset : market.quoteAsset
        let amount = side == .sell ? size : market.quoteValue(size: size, price: price)
        let contract = MagneticOrder(
            requestedAsset: side == .sell ? market.quoteAsset : market.baseAsset,
            price: side == .sell ? try Ratio(price, market.baseUnit) : try Ratio(market.baseUnit, price),
            sellerProgram: .payToKey(key.publicKey), sellerKey: key.publicKey, flags: [], maxFeeBps: 20, expiryHeight: nil)
        let unsigned = Transaction(
            inputs: [Input(spending: coin, witness: .signature(try Signature(bytes: [UInt8](repeating: 0, count: 64))))],
            outputs: [
                Output(asset: offered, amount: Amount(amount), program: .magneticOrder(contract)),
                Output(asset: offered, amount: Amount(holding - amount), program: .payToKey(key.publicKey)),
            ])
        return unsigned.withWitnesses(chainID: state.config.chainID, suite: suite) { _, sighash in
            .signature(try! suite.sign(sighash, with: key, auxiliary: [UInt8](repeating: 0, count: 32)))
        }
    }

    static func computed() throws -> [(name: String, value: String)] {
        let genesis = try genesis()
        let config = try ChainConfig(genesis: genesis)
        var state = try ChainState.genesis(config)
        let alice = try key(0xA1)
        let bob = try key(0xB0)
        let coin0 = Transaction.outputID(transactionID: config.chainID, index: 0, suite: suite)
        let coin1 = Transaction.outputID(transactionID: config.chainID, index: 1, suite: suite)
        // Alice sells 0.0123 BTC at 30,000.01 USDT; Bob buys 0.0123 BTC at 30,100.00 in the same block.
        let sell = try order(alice, .sell, price: 30_000_010_000, size: 1_230_000, coin: coin0, holding: 100_000_000, state: state)
        let buy = try order(bob, .buy, price: 30_100_000_000, size: 1_230_000, coin: coin1, holding: 1_000_000_000, state: state)
        let (block, outcome) = try state.proposeBlock(transactions: [sell, buy], cancels: [], timestampMs: 100, proposer: try key(0x01))
        #expect(outcome.rejected.isEmpty)
        let verified = try state.verify(block)
        #expect(verified.settlements == outcome.settlements)
        state.commit(outcome, header: block.header)
        let settlement = try #require(block.settlements.first)
        let feeCollector = config.feeCollector
        func fee(_ asset: AssetID) -> String {
            String(settlement.outputs.first { $0.program == feeCollector && $0.asset == asset }?.amount.units ?? 0)
        }
        return [
            ("genesis_asset_definition_btc", Hex.encode(AssetDefinition(symbol: "BTC", decimals: 8).canonicalBytes)),
            ("genesis_asset_id_lode", config.assetIDs["LODE"]!.hash.description),
            ("genesis_asset_id_btc", config.assetIDs["BTC"]!.hash.description),
            ("genesis_asset_id_usdt", config.assetIDs["USDT"]!.hash.description),
            ("genesis_market_btc_usdt", Hex.encode(genesis.markets[0].canonicalBytes)),
            ("genesis_encoding", Hex.encode(genesis.canonicalBytes)),
            ("genesis_chain_id", config.chainID.description),
            ("genesis_output_id_0", coin0.description),
            ("genesis_output_id_1", coin1.description),
            ("settlement_sell_transaction", Hex.encode(sell.canonicalBytes)),
            ("settlement_sell_order_id", Transaction.outputID(transactionID: sell.id(suite: suite), index: 0, suite: suite).description),
            ("settlement_buy_transaction", Hex.encode(buy.canonicalBytes)),
            ("settlement_buy_order_id", Transaction.outputID(transactionID: buy.id(suite: suite), index: 0, suite: suite).description),
            ("settlement_transaction", Hex.encode(settlement.canonicalBytes)),
            ("settlement_transaction_id", settlement.id(suite: suite).description),
            ("settlement_fee_usdt", fee(config.assetIDs["USDT"]!)),
            ("settlement_fee_btc", fee(config.assetIDs["BTC"]!)),
        ]
    }

    static func document() throws -> String {
        try String(contentsOf: repoRoot.appendingPathComponent("docs/PROTOCOL.md"), encoding: .utf8)
    }

    /// Rows `| \`name\` | \`value\` |` anywhere in docs/PROTOCOL.md.
    static func published() throws -> [String: String] {
        var rows: [String: String] = [:]
        for line in try document().split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            }
            if cells.count >= 2 { rows[cells[0]] = cells[1] }
        }
        return rows
    }

    /// The rows of the table under `### Order terms vectors`: market, side, offered, ratio, max_fee_bps, result.
    static func orderTermRows() throws -> [[String]] {
        let lines = try document().components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "### Order terms vectors") else { return [] }
        var rows: [[String]] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix("#") { break }
            guard line.hasPrefix("| "), !line.hasPrefix("| market"), !line.hasPrefix("|--") else { continue }
            rows.append(
                line.split(separator: "|").map {
                    $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                })
        }
        return rows
    }
}

@Suite("docs/PROTOCOL.md genesis, order and settlement vectors")
struct ChainProtocolVectorTests {
    @Test("chain ID, asset IDs, genesis output IDs and the settlement of two crossing orders equal the published vectors")
    func vectorsMatch() throws {
        let published = try ChainProtocolVectors.published()
        let computed = try ChainProtocolVectors.computed()
        #expect(computed.count == 17)
        for (name, value) in computed {
            #expect(published[name] == value, "\(name): code computes \(value)")
        }
    }

    @Test("each order-terms row is accepted with its price and size, or refused with its error, by the chain's entry rules")
    func orderTerms() throws {
        let rows = try ChainProtocolVectors.orderTermRows()
        #expect(rows.count >= 12, "the table was found and read")
        let catalog = try MarketCatalog.load(directory: ChainProtocolVectors.repoRoot.appendingPathComponent("Markets").path)
        let base = AssetID(Hash256.zero)
        let quote = AssetID(ChainProtocolVectors.suite.hash(.assetID, [1]))
        let seller = try ChainProtocolVectors.key(0xA1).publicKey
        for row in rows {
            let (symbol, sideText, offered, ratioText, capText, expected) = (row[0], row[1], row[2], row[3], row[4], row[5])
            let definition = try #require(catalog[symbol])
            let market = try ChainMarket(index: 0, definition: definition, baseAsset: base, quoteAsset: quote)
            let side: Side = sideText == "sell" ? .sell : .buy
            let parts = ratioText.split(separator: "/").compactMap { UInt64($0) }
            let contract = MagneticOrder(
                requestedAsset: side == .sell ? quote : base, price: try Ratio(parts[0], parts[1]), sellerProgram: .payToKey(seller),
                sellerKey: seller, flags: [], maxFeeBps: try #require(UInt16(capText)), expiryHeight: nil)
            let output = Output(
                asset: side == .sell ? base : quote, amount: Amount(try #require(UInt64(offered))), program: .magneticOrder(contract))
            let result: String
            do {
                let terms = try market.terms(of: output, order: contract, side: side)
                result = "price \(terms.price), size \(terms.size)"
            } catch {
                result = error.name
            }
            #expect(result == expected, "\(row)")
        }
    }
}
