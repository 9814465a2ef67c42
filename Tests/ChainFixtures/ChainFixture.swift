import Chain
import Crypto
import Ledger
import Markets
import Matching
import Primitives

/// A one-validator chain with BTC, USDT and the native LODE, one BTC-USDT market (tick
/// 0.01 USDT, lot 0.0001 BTC, maker 10 / taker 20 bps), and funded traders.
struct ChainFixture {
    static let suite = SchnorrSecp256k1Suite()
    static func key(_ byte: UInt8) -> any SigningKey { try! suite.signingKey(secret: [UInt8](repeating: byte, count: 32)) }

    let validator = key(0x01)
    let feeKey = key(0x02)
    let alice = key(0xA1)
    let bob = key(0xB0)
    let carol = key(0xCA)
    var state: ChainState
    var clockMs: UInt64 = 1_000

    static let market = try! MarketDefinition(
        symbol: "BTC-USDT", baseAsset: "BTC", quoteAsset: "USDT", tickSize: 10_000, lotSize: 10_000,
        minSize: 10_000, makerFeeBps: 10, takerFeeBps: 20, selfTradePolicy: .cancelResting, status: .active,
        baseDecimals: 8, quoteDecimals: 6)

    init(markets: [MarketDefinition] = [ChainFixture.market]) {
        let traders = [alice, bob, carol]
        let allocations = traders.flatMap { key in
            [
                Allocation(asset: "BTC", amount: Amount(100_000_000_000), program: .payToKey(key.publicKey)),
                Allocation(asset: "USDT", amount: Amount(10_000_000_000_000), program: .payToKey(key.publicKey)),
                Allocation(asset: "LODE", amount: Amount(1_000_000_000), program: .payToKey(key.publicKey)),
            ]
        }
        let genesis = Genesis(
            chainName: "lodestone-test", timestampMs: 0, blockIntervalMs: 100, suite: .schnorrSecp256k1,
            nativeAsset: "LODE",
            assets: [
                AssetDefinition(symbol: "LODE", decimals: 8), AssetDefinition(symbol: "BTC", decimals: 8),
                AssetDefinition(symbol: "USDT", decimals: 6),
            ],
            allocations: allocations, validators: [validator.publicKey], feeCollector: .payToKey(feeKey.publicKey),
            markets: markets)
        state = try! ChainState.genesis(ChainConfig(genesis: genesis))
    }

    var config: ChainConfig { state.config }
    var btc: AssetID { config.assetIDs["BTC"]! }
    var usdt: AssetID { config.assetIDs["USDT"]! }
    var native: AssetID { config.assetIDs["LODE"]! }

    /// The unspent pay-to-key outputs of `key` in `asset`, largest first.
    func coins(_ key: any SigningKey, _ asset: AssetID) -> [(id: Hash256, amount: Amount)] {
        state.utxos.sortedEntries()
            .filter { $0.entry.output.asset == asset && $0.entry.output.program == .payToKey(key.publicKey) }
            .map { ($0.id, $0.entry.output.amount) }
            .sorted { ($0.amount, $0.id) > ($1.amount, $1.id) }
    }

    func balance(_ key: any SigningKey, _ asset: AssetID) -> UInt64 { coins(key, asset).reduce(0) { $0 + $1.amount.units } }

    /// A signed transaction placing one limit order. Price in quote minor units per whole
    /// BTC; size in satoshi.
    func order(
        _ key: any SigningKey, _ side: Side, price: UInt64, size: UInt64, flags: MagneticOrder.Flags = [],
        expiry: UInt64? = nil, feeCap: UInt16 = 20, spending coin: (id: Hash256, amount: Amount)? = nil
    ) -> Transaction {
        let market = config.markets[0]
        let offered = side == .sell ? btc : usdt
        let amount = side == .sell ? size : market.quoteValue(size: size, price: price)
        let ratio = side == .sell ? try! Ratio(price, market.baseUnit) : try! Ratio(market.baseUnit, price)
        let contract = MagneticOrder(
            requestedAsset: side == .sell ? usdt : btc, price: ratio, sellerProgram: .payToKey(key.publicKey),
            sellerKey: key.publicKey, flags: flags, maxFeeBps: feeCap, expiryHeight: expiry)
        let funding = coin ?? coins(key, offered)[0]
        var outputs = [Output(asset: offered, amount: Amount(amount), program: .magneticOrder(contract))]
        if funding.amount.units > amount {
            outputs.append(Output(asset: offered, amount: Amount(funding.amount.units - amount), program: .payToKey(key.publicKey)))
        }
        return sign(Transaction(inputs: [Input(spending: funding.id, witness: .signature(Self.placeholder))], outputs: outputs), with: key)
    }

    static let placeholder = try! Signature(bytes: [UInt8](repeating: 0, count: 64))

    func sign(_ tx: Transaction, with key: any SigningKey) -> Transaction {
        tx.withWitnesses(chainID: config.chainID, suite: Self.suite) { index, sighash in
            let signature = try! Self.suite.sign(sighash, with: key, auxiliary: [UInt8](repeating: 0, count: 32))
            switch tx.inputs[index].witness {
            case .cancelOrder: return .cancelOrder(signature)
            case .signature: return .signature(signature)
            case let other: return other
            }
        }
    }

    /// The order ID (first output) a placing transaction creates.
    func orderID(of tx: Transaction) -> Hash256 {
        Transaction.outputID(transactionID: tx.id(suite: Self.suite), index: 0, suite: Self.suite)
    }

    /// The tip's commit certificate, signed by the fixture's one validator (nil at genesis).
    func lastCommit() throws -> Certificate? { try state.commitCertificate(signedBy: [validator]) }

    /// Proposes, verifies (as a follower would) and commits one block.
    @discardableResult
    mutating func block(_ transactions: [Transaction] = [], cancels: [CancelRequest] = []) throws -> (Block, BlockOutcome) {
        clockMs += 100
        let (block, outcome) = try state.proposeBlock(
            transactions: transactions, cancels: cancels, timestampMs: clockMs, proposer: validator, lastCommit: try lastCommit())
        let verified = try state.verify(block)
        precondition(verified.settlements == outcome.settlements)
        state.commit(outcome, header: block.header)
        return (block, outcome)
    }

    /// Total of each asset in the UTXO set.
    func totals() -> [AssetID: UInt64] {
        var totals: [AssetID: UInt64] = [:]
        for (_, entry) in state.utxos.sortedEntries() { totals[entry.output.asset, default: 0] += entry.output.amount.units }
        return totals
    }
}
