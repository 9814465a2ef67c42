import Chain
import Crypto
import Foundation
import Ledger
import LodestoneWire
import MainChain
import Matching
import Node
import Peg
import Primitives
import Testing

/// The peg end to end, on real processes: a one-validator devnet with a peg started by
/// `DevnetSupervisor` from the built executables (`lodestone-mainchain` mining, `lodestone
/// node`, three `lodestone federation run` members), driven the way `lodestone devnet` and a
/// user drive it. Ports 7901…7987 (`DevnetPorts(base: 7901)`; nothing else uses 79xx).
@Suite(
    "Devnet peg end to end: deposits minted, a trade, a withdrawal paid once, a member killed and restarted, supply = holdings", .serialized
)
struct DevnetPegEndToEndTests {
    static let portBase: UInt16 = 7901
    /// Bounds of each wait (ms); the whole test takes about half a minute on 2 cores.
    static let mintWithinMs: UInt64 = 60_000
    static let tradeWithinMs: UInt64 = 20_000
    static let paymentWithinMs: UInt64 = 60_000
    static let quietWithinMs: UInt64 = 30_000
    static let memberDownMs: UInt32 = 1_500

    static var lodestone: String? { NodeProcess.binary }
    /// `lodestone-mainchain`, next to `lodestone`.
    static var mainChainTool: String? {
        guard let lodestone else { return nil }
        let path = URL(fileURLWithPath: lodestone).deletingLastPathComponent().appendingPathComponent(DevnetLayout.mainChainExecutableName)
            .path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// 0.1 BTC sold by trader 1 to trader 2 at 50,000 USDT.
    static let tradeSize: UInt64 = 10_000_000
    static let tradePrice: UInt64 = 50_000_000_000
    /// Trader 1 withdraws 0.5 BTC; trader 2 deposits 1 BTC more while a member is down.
    static let withdrawal: UInt64 = 50_000_000
    static let secondDeposit: UInt64 = 100_000_000

    @Test(
        "deposits mint exactly; a BTC-USDT trade settles; a burn is paid once on the main chain; SIGKILL of a member mid-transfer repeats and loses nothing; supply equals the federation's holdings",
        .enabled(if: mainChainTool != nil, "lodestone and lodestone-mainchain are not built: run `swift build`"))
    func pegEndToEnd() throws {
        let lodestone = try #require(Self.lodestone)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lodestone-peg-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let layout = DevnetLayout(directory: directory)
        var options = DevnetOptions()
        options.marketsDirectory = TestDevnet.marketsDirectory
        options.traders = 2
        options.peg = true
        options.portBase = Self.portBase
        options.usePublicPorts()
        #expect(try layout.create(options))
        try FileManager.default.createDirectory(atPath: layout.logsPath, withIntermediateDirectories: true)

        let children = try layout.processes(
            binDirectory: URL(fileURLWithPath: lodestone).deletingLastPathComponent().path, parentPID: getpid())
        #expect(children.map(\.name) == ["mainchain", "validator", "federation-1", "federation-2", "federation-3"])
        let supervisor = try DevnetSupervisor(executable: lodestone, children: children, keepGoing: true)
        try supervisor.start()
        defer {
            supervisor.stop()
            _ = supervisor.wait()
        }
        let logs = { (name: String) in Self.tail(layout.logPath(name)) }

        // 1. Funding through the peg, as `lodestone devnet` does it: exact balances.
        let funding = try DevnetPegFunding(layout: layout)
        let deposits = try funding.fundTraders(report: { print("peg e2e: \($0)") })
        #expect(deposits.count == 4)
        let pegIn: [UInt64]
        do { pegIn = try funding.waitForMints(deposits, timeoutMs: Self.mintWithinMs, report: { print("peg e2e: \($0)") }) } catch {
            Issue.record("\(error)\n\(logs("federation-1"))\n\(logs("validator"))")
            return
        }
        let btc = try funding.asset("BTC")
        let usdt = try funding.asset("USDT")
        let traders = try layout.traderKeyPaths.map { try KeyFile.signingKey(at: $0) }
        for trader in traders {
            #expect(funding.freeBalance(of: trader.publicKey, asset: btc) == DevnetLayout.perTrader("BTC"))
            #expect(funding.freeBalance(of: trader.publicKey, asset: usdt) == DevnetLayout.perTrader("USDT"))
        }

        // 2. A trade on BTC-USDT between the two traders, paid from minted coins.
        let maker = OrderMaker(config: funding.config)
        let sell = maker.order(traders[0], .sell, price: Self.tradePrice, size: Self.tradeSize, from: try coin(funding, traders[0], btc))
        let buy = maker.order(traders[1], .buy, price: Self.tradePrice, size: Self.tradeSize, from: try coin(funding, traders[1], usdt))
        try place(funding, sell.0)
        try place(funding, buy.0)
        let funded = DevnetLayout.perTrader("BTC")
        let trader2BTC = try waitFor("trader 2's bought BTC", withinMs: Self.tradeWithinMs) { () -> UInt64? in
            guard let balances = funding.balances(of: traders[1].publicKey) else { return nil }
            let free = balances.assets.first { $0.asset == Data(btc.hash.bytes) }?.free ?? 0
            let inOrders = balances.assets.reduce(0) { $0 + $1.inOrders }
            return free > funded && inOrders == 0 ? free : nil
        }
        let bought = trader2BTC - funded
        #expect((1...Self.tradeSize).contains(bought), "trader 2 received at most the size it bought (less its fee)")
        print("peg e2e: trade settled: trader 2 bought \(bought) satoshi of BTC from trader 1")

        // 3. A withdrawal and a deposit while federation-1 is killed and restarted.
        let federation = funding.terms.federation
        let holdings = ControlProgram.multisig(threshold: federation.threshold, keys: federation.keys)
        let burn = try BurnBuilder(terms: funding.terms).burn(
            asset: btc, amount: Amount(Self.withdrawal), mainChainAddress: .payToKey(traders[0].publicKey),
            from: try coins(funding, traders[0]), key: traders[0])
        let secondDeposit = try funding.deposit(from: traders[1], symbol: "BTC", amount: Self.secondDeposit)
        try place(funding, burn.transaction)
        let burnCommittedMs = try waitFor("the burn committed", withinMs: Self.tradeWithinMs) { () -> UInt64? in
            var query = Lodestone_V1_StatusQuery()
            query.target = .transactionID(Data(burn.transactionID.bytes))
            guard case .status(let status)? = funding.ask({ $0.body = .status(query) })?.result, status.state == .committed else {
                return nil
            }
            return DevnetPegFunding.nowMs()
        }
        #expect(supervisor.send(SIGKILL, to: "federation-1"))
        let gone = DevnetPegFunding.nowMs() + 10_000
        while supervisor.send(0, to: "federation-1") && DevnetPegFunding.nowMs() < gone { usleep(20_000) }
        usleep(Self.memberDownMs * 1_000)
        try supervisor.restart("federation-1")
        print("peg e2e: federation-1 killed (SIGKILL) after the burn committed, restarted \(Self.memberDownMs) ms later")

        let paymentMs = try waitFor("the withdrawal paid on the main chain", withinMs: Self.paymentWithinMs) { () -> UInt64? in
            let held = try funding.mainChain.allOutputs(heldBy: .payToKey(traders[0].publicKey))
            return held.contains { $0.record.output.asset == btc && $0.record.output.amount.units == Self.withdrawal }
                ? DevnetPegFunding.nowMs() : nil
        }
        let pegOut = paymentMs - burnCommittedMs
        let secondPegIn = try funding.waitForMints(
            [secondDeposit], before: [traders[1].publicKey: [btc: trader2BTC]], timeoutMs: Self.mintWithinMs,
            report: { print("peg e2e: \($0)") })

        // 4. Once quiet: nothing repeated or lost, and supply = holdings per pegged asset.
        let expectedSupply: [String: UInt64] = [
            "BTC": 2 * DevnetLayout.perTrader("BTC") + Self.secondDeposit - Self.withdrawal,
            "USDT": 2 * DevnetLayout.perTrader("USDT"),
        ]
        let intake = try NodeConfiguration.load(path: layout.nodeConfigPath).intakeEndpoint
        let supply = try waitFor("sidechain supply = federation holdings", withinMs: Self.quietWithinMs) { () -> [String: UInt64]? in
            let client = try IntakeClient(endpoint: intake)
            defer { client.close() }
            guard let peg = try client.status(timeoutMs: 2_000).peg else { return nil }
            let held = try funding.mainChain.allOutputs(heldBy: holdings)
            let holdingsBySymbol = ["BTC": btc, "USDT": usdt].mapValues { asset in
                held.filter { $0.record.output.asset == asset }.reduce(UInt64(0)) { $0 + $1.record.output.amount.units }
            }
            return peg.supply == holdingsBySymbol && peg.supply == expectedSupply ? peg.supply : nil
        }
        #expect(supply == expectedSupply)
        let mainBTC = try funding.mainChain.allOutputs(heldBy: .payToKey(traders[0].publicKey)).filter { $0.record.output.asset == btc }
        #expect(
            mainBTC.map(\.record.output.amount.units).sorted()
                == [
                    Self.withdrawal,
                    DevnetOptions.mainChainAllocationFactor * DevnetLayout.perTrader("BTC") - DevnetLayout.perTrader("BTC"),
                ].sorted(),
            "trader 1 holds its deposit change and exactly one payment of the burn")
        #expect(
            funding.freeBalance(of: traders[1].publicKey, asset: btc) == trader2BTC + Self.secondDeposit, "the second deposit minted once")
        // The restarted member logs its start a second time (bounded wait: it opens its record and resumes first).
        let memberStarts = {
            ((try? String(contentsOfFile: layout.logPath("federation-1"), encoding: .utf8)) ?? "")
                .components(separatedBy: "federation member running").count - 1
        }
        let restarted = DevnetPegFunding.nowMs() + Self.quietWithinMs
        while memberStarts() < 2 && DevnetPegFunding.nowMs() < restarted { usleep(100_000) }
        #expect(memberStarts() == 2, "federation-1 ran again after the kill")
        for name in ["mainchain", "validator", "federation-1", "federation-2", "federation-3"] {
            #expect(supervisor.send(0, to: name), "\(name) still runs")
        }
        print(
            "peg e2e: peg-in latency (deposit sent → mint committed) first run \(pegIn.min() ?? 0)…\(pegIn.max() ?? 0) ms, "
                + "with a member down \(secondPegIn.first ?? 0) ms; peg-out latency (burn committed → payment on the main chain) \(pegOut) ms"
        )
        supervisor.stop()
        #expect(supervisor.wait() == .stopped)
    }

    /// The trader's largest free sidechain coin of `asset`.
    private func coin(_ funding: DevnetPegFunding, _ key: any SigningKey, _ asset: AssetID) throws -> OrderMaker.Coin {
        let best = try coins(funding, key).filter { $0.asset == asset }.max { $0.amount < $1.amount }
        let found = try #require(best, "a coin of \(asset)")
        return OrderMaker.Coin(id: found.outputID, amount: found.amount.units)
    }

    /// The trader's free sidechain coins (not orders), from the gateway's coins query.
    private func coins(_ funding: DevnetPegFunding, _ key: any SigningKey) throws -> [SidechainCoin] {
        var query = Lodestone_V1_CoinsQuery()
        query.publicKey = Data(key.publicKey.bytes)
        query.limit = 500
        guard case .coins(let page)? = funding.ask({ $0.body = .coins(query) })?.result else {
            throw DevnetPegTestError.noAnswer("coins")
        }
        return try page.coins.filter { $0.orderID.isEmpty }.map {
            SidechainCoin(
                outputID: try Hash256(bytes: [UInt8]($0.outputID)), asset: AssetID(try Hash256(bytes: [UInt8]($0.asset))),
                amount: Amount($0.amount))
        }
    }

    /// Places `transaction` through the gateway; it must be acknowledged.
    private func place(_ funding: DevnetPegFunding, _ transaction: Transaction) throws {
        var place = Lodestone_V1_Place()
        place.transaction = Data(transaction.canonicalBytes)
        let response = funding.ask { $0.body = .place(place) }
        guard case .ack? = response?.result else { throw DevnetPegTestError.noAnswer("place: \(String(describing: response?.result))") }
    }

    /// Polls `check` every 100 ms until it returns a value, at most `withinMs`.
    private func waitFor<Value>(_ what: String, withinMs: UInt64, _ check: () throws -> Value?) throws -> Value {
        let deadline = DevnetPegFunding.nowMs() + withinMs
        while true {
            if let value = try? check() { return value }
            guard DevnetPegFunding.nowMs() < deadline else { throw DevnetPegTestError.timeout(what, withinMs) }
            usleep(100_000)
        }
    }

    static func tail(_ path: String, lines: Int = 40) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return "--- \(path)\n" + text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}

enum DevnetPegTestError: Error {
    case noAnswer(String)
    case timeout(String, UInt64)
}
