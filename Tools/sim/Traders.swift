import Chain
import Crypto
import Ledger
import Matching
import Primitives

/// Seeded traders who keep sending signed orders (buys and sells around one price, so many
/// cross) and cancels of their resting orders to random nodes' pools, so that matching and
/// settlement run in every block. Each order spends a coin the receiving node's state says
/// is unspent and that the trader has not spent in an order still in flight; signatures use
/// auxiliary bytes from the seed, so a replay signs the same bytes.
struct Traders {
    /// A coin spent by a pooled order is reused only after this long unseen (the order was
    /// lost with a Byzantine node's pool, or lost the race to another pool).
    static let inflightMs: UInt64 = 3_000
    /// Most coins remembered as in flight: bounded by the traders' coins anyway.
    static let inflightMax = 4_096

    struct Counters: Equatable {
        var orders = 0
        var cancels = 0
        var accepted = 0
        var refused = 0
        /// A trader had no free coin for the side it drew.
        var starved = 0
        /// Stake votes and unvotes (elections only).
        var votes = 0
        var unvotes = 0
    }

    let keys: [any SigningKey]
    let config: ChainConfig
    /// Candidates traders lock stake for (empty: no elections, no votes).
    let candidates: [PublicKey]
    private var random: SimRandom
    private var inflight: [Hash256: UInt64] = [:]
    private(set) var counters = Counters()

    init(keys: [any SigningKey], config: ChainConfig, random: SimRandom, candidates: [PublicKey] = []) {
        self.keys = keys
        self.config = config
        self.candidates = candidates
        self.random = random
    }

    /// A few orders and maybe a cancel, built against `state` (the receiving node's).
    mutating func nextItems(state: ChainState, nowMs: UInt64) -> [PoolItem] {
        inflight = inflight.filter { $0.value > nowMs }
        var items: [PoolItem] = []
        // The state's coins, sorted once for the batch (the sort was most of a batch's cost).
        let coins = state.utxos.sortedEntries()
        for _ in 0..<random.int(in: 1...3) {
            let trader = keys[random.int(in: 0...(keys.count - 1))]
            if !candidates.isEmpty, random.chance(perMille: 150), let stake = stakeChange(for: trader, state: state) {
                items.append(.transaction(stake, config: config))
            } else if random.chance(perMille: 200), let cancel = cancel(for: trader, coins: coins) {
                items.append(.cancel(cancel))
                counters.cancels += 1
            } else if let order = order(for: trader, coins: coins, nowMs: nowMs) {
                items.append(.transaction(order, config: config))
                counters.orders += 1
            }
        }
        return items
    }

    /// Counts what the pool said.
    mutating func record(_ results: [Result<Hash256, ChainError>]) {
        for result in results {
            if case .success = result { counters.accepted += 1 } else { counters.refused += 1 }
        }
    }

    /// An order spending one of `coins` (the state's UTXO entries, sorted).
    private mutating func order(for trader: any SigningKey, coins: [(id: Hash256, entry: UTXOEntry)], nowMs: UInt64) -> Transaction? {
        guard let market = config.markets.first else { return nil }
        let side: Side = random.chance(perMille: 500) ? .sell : .buy
        // Whole USDT prices around 30,000 (sells a little higher), 0.0001-0.005 BTC.
        let offset = side == .sell ? random.int(in: 0...12) : random.int(in: -8...6)
        let price = UInt64(30_000 + offset) * 1_000_000
        let size = UInt64(random.int(in: 1...50)) * 10_000
        let offered = side == .sell ? market.baseAsset : market.quoteAsset
        let amount = side == .sell ? size : market.quoteValue(size: size, price: price)
        let program = ControlProgram.payToKey(trader.publicKey)
        let free = coins.filter {
            $0.entry.output.asset == offered && $0.entry.output.program == program && $0.entry.output.amount.units > amount
                && inflight[$0.id] == nil
        }
        guard !free.isEmpty, inflight.count < Self.inflightMax else {
            counters.starved += 1
            return nil
        }
        let coin = random.pick(free)
        inflight[coin.id] = nowMs + Self.inflightMs
        let ratio: Ratio
        do {
            ratio = side == .sell ? try Ratio(price, market.baseUnit) : try Ratio(market.baseUnit, price)
        } catch {
            return nil
        }
        let contract = MagneticOrder(
            requestedAsset: side == .sell ? market.quoteAsset : market.baseAsset, price: ratio, sellerProgram: program,
            sellerKey: trader.publicKey, maxFeeBps: market.maxFeeBps)
        let unsigned = Transaction(
            inputs: [Input(spending: coin.id, witness: .signature(Self.placeholder))],
            outputs: [
                Output(asset: offered, amount: Amount(amount), program: .magneticOrder(contract)),
                Output(asset: offered, amount: Amount(coin.entry.output.amount.units - amount), program: program),
            ])
        let auxiliary = auxiliaryBytes()
        do {
            return try unsigned.withWitnesses(chainID: config.chainID, suite: config.suite) { _, sighash in
                .signature(try config.suite.sign(sighash, with: trader, auxiliary: auxiliary))
            }
        } catch {
            return nil
        }
    }

    /// A vote locking some of the trader's native coins for a random candidate, or an
    /// unvote of one of its active locks, so the election's ranking moves between epochs.
    /// (Signed by the chain's helpers, with fresh auxiliary randomness: only these bytes
    /// differ between replays; the trace records sizes, not bytes.)
    private mutating func stakeChange(for trader: any SigningKey, state: ChainState) -> Transaction? {
        let active = state.stakeLocks(of: trader.publicKey).filter { $0.lock.unlockRequestedAt == nil }
        if !active.isEmpty, random.chance(perMille: 400) {
            counters.unvotes += 1
            return try? state.unvoteTransaction(key: trader, lock: random.pick(active))
        }
        let candidate = random.pick(candidates)
        let amount = random.uint64(in: 1...20) * 10_000_000
        counters.votes += 1
        return try? state.voteTransaction(key: trader, candidate: candidate, amount: amount)
    }

    /// A cancel of one of the trader's resting orders among `coins` (sorted UTXO entries).
    private mutating func cancel(for trader: any SigningKey, coins: [(id: Hash256, entry: UTXOEntry)]) -> CancelRequest? {
        let resting = coins.compactMap { item -> Hash256? in
            guard let order = item.entry.order, item.entry.output.program.magneticOrder?.sellerKey == trader.publicKey else { return nil }
            return order.orderID
        }
        guard !resting.isEmpty else { return nil }
        let orderID = random.pick(resting)
        let message = Transaction.cancelMessage(chainID: config.chainID, orderID: orderID, suite: config.suite)
        let auxiliary = auxiliaryBytes()
        guard let signature = try? config.suite.sign(message.bytes, with: trader, auxiliary: auxiliary) else { return nil }
        return CancelRequest(orderID: orderID, signature: signature)
    }

    private mutating func auxiliaryBytes() -> [UInt8] {
        (0..<4).flatMap { _ in withUnsafeBytes(of: random.next().littleEndian, Array.init) }
    }

    static let placeholder: Signature = {
        do { return try Signature(bytes: [UInt8](repeating: 0, count: 64)) } catch { fatalError("64 zero bytes are a signature value") }
    }()
}
