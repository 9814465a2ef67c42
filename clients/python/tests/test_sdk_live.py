"""The SDK against a real node, with the SDK only (no hand-built transactions): a devnet node
(one validator, five traders) on port base 8001 (LODESTONE_SDK_TEST_PORT_BASE moves it),
in a temp dir, stopped in tearDownClass. Steps run in name order and share the node:

1. the chain ID computed from genesis.json equals the node's;
2. trader A's resting sell is bought in full by trader B (Fill reports, fees);
3. A's bigger sell is partly bought by B; A replaces the remainder at a new price, then
   cancels it;
4. a batch of orders (one refused by the node) and a mass cancel (one refused);
5. cancel_all of one market, then of every market, then of an order in the block that creates it;
6. a post-only that would cross and an IOC that crosses part of the book;
7. a stale coin (spent by another connection) refused as missing_input (3010), then synced;
8. the L3 follower agrees with a fresh L3 snapshot and with the L2 follower;
9. after the reports settle, each trader's wallet.balances() equals node_balances()
   (free, in_orders) to the unit with pending 0, and a fresh client's sync() finds the same.
Figures (ack round trip, place to Fill report) are printed at the end.
"""
import os
import statistics
import sys
import time
import unittest

import zmq

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))  # the package, when not pip-installed
from lodestone import (BookFollower, Client, GatewayError, L3Follower, Network, OrderRequest, SigningKey)  # noqa: E402
from devnet import BINARY, Devnet  # noqa: E402

PORT_BASE = int(os.environ.get("LODESTONE_SDK_TEST_PORT_BASE", "8001"))
GATEWAY = f"tcp://127.0.0.1:{PORT_BASE + 10}"
FEED = f"tcp://127.0.0.1:{PORT_BASE + 20}"
SNAPSHOT = f"tcp://127.0.0.1:{PORT_BASE + 21}"
FIGURES = {"place_to_fill_ms": [], "notes": []}


def until(check, what, seconds: float = 15.0, step=None):
    """Calls `step()` (e.g. polling reports) until `check()` holds; fails naming `what`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if step is not None:
            step()
        if check():
            return
        if step is None:
            time.sleep(0.05)
    raise AssertionError(f"timed out after {seconds} s waiting for {what() if callable(what) else what}")


@unittest.skipUnless(os.path.exists(BINARY), "build the node first (swift build)")
class SdkLiveTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.started = time.monotonic()
        cls.devnet = Devnet(PORT_BASE, prefix="lodestone-sdk-", first_block_s=30)
        cls.dir, cls.status = cls.devnet.dir, cls.devnet.status
        cls.net = Network.from_genesis_file(os.path.join(cls.dir, "genesis.json"))
        cls.clients = {}
        for name, number in (("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5)):
            client = Client(cls.net, cls.key(number), gateway=GATEWAY, timeout_ms=5000)
            client.sync()
            client.subscribe()
            cls.clients[name] = client
        cls.l2 = BookFollower(FEED, SNAPSHOT, "BTC-USDT")
        cls.l3 = L3Follower(FEED, SNAPSHOT, "BTC-USDT")
        time.sleep(0.3)  # let the subscriptions reach the publisher
        cls.l2.resync()
        cls.l3.resync()

    @classmethod
    def key(cls, number: int) -> SigningKey:
        return SigningKey.from_file(os.path.join(cls.dir, "keys", f"trader-{number}.key"))

    @classmethod
    def tearDownClass(cls):
        for client in cls.clients.values():
            client.close()
        cls.l2.close()
        cls.l3.close()
        cls.devnet.close()
        acks = [ms for c in cls.clients.values() for ms in c.ack_ms]
        fills = FIGURES["place_to_fill_ms"]
        print(f"\nSDK live figures (block_interval_ms {cls.net.block_interval_ms}):", file=sys.stderr)
        if acks:
            print(f"  ack round trip: {len(acks)} requests, median {statistics.median(acks):.2f} ms, "
                  f"max {max(acks):.2f} ms", file=sys.stderr)
        if fills:
            print(f"  place -> Fill report: {len(fills)} orders, median {statistics.median(fills):.1f} ms, "
                  f"max {max(fills):.1f} ms", file=sys.stderr)
        for note in FIGURES["notes"]:
            print(f"  {note}", file=sys.stderr)
        print(f"  total {time.monotonic() - cls.started:.1f} s", file=sys.stderr)

    def poll_all(self, timeout_ms: int = 20):
        """Waits up to `timeout_ms` for anything on any connection, then applies all of it."""
        poller = zmq.Poller()
        for client in self.clients.values():
            poller.register(client.gateway.socket, zmq.POLLIN)
        poller.register(self.l2.sub, zmq.POLLIN)
        poller.register(self.l3.sub, zmq.POLLIN)
        if not any(c.gateway.reports for c in self.clients.values()):
            poller.poll(timeout_ms)
        for client in self.clients.values():
            client.poll(timeout_ms=0)
        self.l2.poll(0)
        self.l3.poll(0)

    def wait(self, check, what, seconds=15.0):
        until(check, what, seconds, step=self.poll_all)

    # ------------------------------------------------------------------ steps

    def test_1_chain_id_matches_the_node(self):
        self.assertEqual(self.net.chain_id.hex(), self.status["chain_id"])
        self.assertEqual([(m.symbol, m.index) for m in self.net.markets.values()],
                         [(b["symbol"], i) for i, b in enumerate(self.status["books"])])

    def test_2_resting_sell_filled_in_full(self):
        a, b = self.clients["a"], self.clients["b"]
        usdt_before = a.wallet.balances()["USDT"][0]
        ask = a.place("BTC-USDT", "sell", price="30010.00", size="0.01", client_order_id="a-ask-1")
        self.assertEqual((ask.status, ask.locked, ask.client_order_id), ("pending", 1_000_000, "a-ask-1"))
        self.wait(lambda: ask.status == "open", "A's ask resting")
        accepted = [r for r in a.report_log if r.HasField("accepted") and ask.order_id in r.accepted.order_ids]
        self.assertEqual([r.client_order_id for r in accepted], ["a-ask-1"])  # echoed on its reports
        started = time.perf_counter()
        bid = b.place("BTC-USDT", "buy", price="30010.00", size="0.01")
        self.wait(lambda: bid.filled == bid.size, "B's Fill report")
        FIGURES["place_to_fill_ms"].append((time.perf_counter() - started) * 1000)
        self.wait(lambda: bid.status == "filled" and ask.status == "filled", lambda: f"both filled: {bid} {ask}")
        value = 1_000_000 * 30_010_000_000 // 10**8
        maker_fee = -(-value * 10 // 10_000)
        self.assertEqual(a.wallet.balances()["USDT"][0], usdt_before + value - maker_fee)
        sold = [f for f in a.fills if f.order_id == ask.order_id]
        bought = [f for f in b.fills if f.order_id == bid.order_id]
        self.assertEqual([(f.size, f.price, f.fee, f.is_maker) for f in sold], [(1_000_000, 30_010_000_000, maker_fee, True)])
        self.assertEqual([(f.size, f.fee, f.is_maker) for f in bought], [(1_000_000, 2_000, False)])
        self.assertEqual(sold[0].settlement_transaction_id, bought[0].settlement_transaction_id)
        # More round trips for the figures: A rests an ask, B takes it; place -> B's Fill report.
        for n in range(8):
            ask = a.place("BTC-USDT", "sell", price="30010.00", size="0.01")
            self.wait(lambda: ask.status == "open", "A's ask resting")
            started = time.perf_counter()
            bid = b.place("BTC-USDT", "buy", price="30010.00", size="0.01")
            self.wait(lambda: bid.filled == bid.size, "B's Fill report")
            FIGURES["place_to_fill_ms"].append((time.perf_counter() - started) * 1000)
        self.wait(lambda: ask.status == "filled", "A's last ask filled")

    def test_3_partial_fill_replace_cancel(self):
        a, b = self.clients["a"], self.clients["b"]
        ask = a.place("BTC-USDT", "sell", price="30100.00", size="0.03")
        self.wait(lambda: ask.status == "open", "A's 0.03 ask resting")
        started = time.perf_counter()
        bid = b.place("BTC-USDT", "buy", price="30100.00", size="0.01")
        self.wait(lambda: bid.status == "filled", "B's partial buy filled")
        FIGURES["place_to_fill_ms"].append((time.perf_counter() - started) * 1000)
        self.wait(lambda: ask.filled == 1_000_000 and ask.output_id != ask.order_id, lambda: f"A's partial fill: {ask}")
        self.assertEqual((ask.status, ask.remaining, ask.locked), ("open", 2_000_000, 2_000_000))

        new = a.replace(ask, price="30200.00")
        self.assertEqual((ask.status, ask.locked, ask.replaced_by), ("replaced", 0, new.order_id))
        self.assertEqual((new.size, new.price, new.locked), (2_000_000, 30_200_000_000, 2_000_000))
        self.wait(lambda: new.status == "open", "the replacement resting")
        self.wait(lambda: ask.reason != "", lambda: f"the old order's Cancelled report: {ask}")
        # A replace at a new price is a cancel clause (reason USER); only an amend (same
        # price, no larger) is REASON_REPLACED (docs/CHAIN.md). Either way the SDK keeps "replaced".
        self.assertEqual((ask.status, ask.reason, ask.locked), ("replaced", "user", 0))
        self.wait(lambda: self.l2.asks.get(30_200_000_000) == 2_000_000 and 30_100_000_000 not in self.l2.asks,
                  lambda: f"the replacement on L2: {self.l2.asks}")

        a.cancel(new)
        self.assertTrue(new.cancel_requested)
        self.wait(lambda: new.status == "cancelled", "the replacement cancelled")
        self.assertEqual((new.locked, new.reason), (0, "user"))
        self.assertEqual(a.open_orders("BTC-USDT"), [])

    def test_4_batch_and_mass_cancel(self):
        c = self.clients["c"]
        results = c.batch([OrderRequest("BTC-USDT", "buy", price="29000.00", size="0.01"),
                           OrderRequest("BTC-USDT", "buy", price="29100.00", size="0.02"),
                           OrderRequest("ETH-USDT", "sell", price="3500.00", size="0.5"),
                           OrderRequest("BTC-USDT", "buy", price="29200.00", size="0.01", expiry_height=1)])
        orders, refused = results[:3], results[3]
        self.assertTrue(all(not isinstance(o, GatewayError) for o in orders), results)
        self.assertIsInstance(refused, GatewayError)
        FIGURES["notes"].append(f"batch member with expiry_height 1: {refused.name} ({refused.code})"
                                f"{' cause ' + refused.cause_name if refused.cause_code else ''}")
        self.wait(lambda: all(o.status == "open" for o in orders), "the batch's orders resting")
        gone = orders[0]
        c.cancel(gone)
        self.wait(lambda: gone.status == "cancelled", "the first batch order cancelled")
        answers = c.mass_cancel(orders)
        self.assertIsInstance(answers[0], GatewayError)  # already gone
        FIGURES["notes"].append(f"mass cancel of an order already cancelled: {answers[0].name} ({answers[0].code})")
        self.assertEqual(answers[1:], orders[1:])
        self.wait(lambda: all(o.status == "cancelled" for o in orders), "the mass cancel's orders cancelled")

    def test_5_cancel_all(self):
        c = self.clients["c"]
        btc = [c.place("BTC-USDT", "buy", price="28000.00", size="0.01"),
               c.place("BTC-USDT", "sell", price="33000.00", size="0.01")]
        eth = c.place("ETH-USDT", "buy", price="2000.00", size="0.1")
        self.wait(lambda: all(o.status == "open" for o in btc + [eth]), "three orders resting")
        bound = c.cancel_all(market="BTC-USDT")
        self.assertGreaterEqual(bound, max(o.height for o in btc))
        self.wait(lambda: all(o.status == "cancelled" for o in btc), "BTC-USDT orders cancelled by cancel_all")
        self.assertEqual({o.reason for o in btc}, {"cancel_all"})
        self.poll_all()
        self.assertEqual(eth.status, "open")
        c.cancel_all()
        self.wait(lambda: eth.status == "cancelled", "the ETH-USDT order cancelled by cancel_all(None)")
        self.assertEqual(c.open_orders(), [])
        # Placed and cancelled before its block: the cancel-all takes it in the block that
        # creates it, so it never rests, and its Cancelled report still comes.
        fresh = c.place("BTC-USDT", "buy", price="28500.00", size="0.01")
        c.cancel_all(market="BTC-USDT")
        self.wait(lambda: fresh.status == "cancelled", "the order cancelled in its own block reported")
        self.assertEqual((fresh.reason, fresh.filled), ("cancel_all", 0))
        self.assertEqual(c.order_status(fresh).status, "cancelled")
        self.assertEqual(c.open_orders(), [])
        accepted = [r.accepted.height for r in c.report_log if r.HasField("accepted") and fresh.order_id in r.accepted.order_ids]
        cancelled = [r.cancelled.height for r in c.report_log if r.HasField("cancelled") and r.cancelled.order_id == fresh.order_id]
        FIGURES["notes"].append(f"place then cancel_all at once: accepted at {accepted}, cancelled at {cancelled}")

    def test_6_post_only_and_ioc(self):
        d, e = self.clients["d"], self.clients["e"]
        ask = d.place("BTC-USDT", "sell", price="31000.00", size="0.01")
        self.wait(lambda: ask.status == "open", "D's ask resting")
        try:
            post = e.place("BTC-USDT", "buy", price="31000.00", size="0.01", post_only=True)
        except GatewayError as refused:
            FIGURES["notes"].append(f"post-only crossing: refused at once, {refused.name} ({refused.code})")
        else:
            self.wait(lambda: not post.is_live, "the crossing post-only's fate")
            FIGURES["notes"].append(f"post-only crossing: acked, then {post.status} ({post.reason}), filled {post.filled}")
            self.assertEqual((post.status, post.reason, post.filled), ("cancelled", "post_only", 0))
        self.assertEqual(ask.status, "open")
        ioc = e.place("BTC-USDT", "buy", price="31000.00", size="0.02", ioc=True)
        self.wait(lambda: not ioc.is_live, "the IOC's fate")
        FIGURES["notes"].append(f"IOC 0.02 against 0.01 resting: {ioc.status} ({ioc.reason}), filled {ioc.filled}, "
                                f"left {ioc.remaining}")
        self.assertEqual((ioc.filled, ioc.status, ioc.reason), (1_000_000, "cancelled", "ioc"))
        self.wait(lambda: ask.status == "filled", "D's ask filled by the IOC")

    def test_7_stale_coin_is_refused_and_synced(self):
        a = self.clients["a"]
        other = Client(self.net, self.key(1), gateway=GATEWAY)
        try:
            other.sync()
            # The other connection spends A's one ETH coin (its genesis allocation), which A's
            # wallet still lists: A's reports name the other's order, not the coin it spent.
            coin_before = dict(a.wallet.coins[self.net.assets["ETH"].id])
            spent = other.place("ETH-USDT", "sell", price="4000.00", size="0.1")
            self.wait(lambda: other.poll(50) is not None and other.order_status(spent).status == "open",
                      "the other connection's order resting")
            with self.assertRaises(GatewayError) as stale:
                a.place("ETH-USDT", "sell", price="4100.00", size="0.1")
            FIGURES["notes"].append(f"stale coin: {stale.exception.name} ({stale.exception.code}) cause "
                                    f"{stale.exception.cause_name} ({stale.exception.cause_code})")
            self.assertEqual(stale.exception.actionable_code, 3010)
            self.assertNotEqual(dict(a.wallet.coins.get(self.net.assets["ETH"].id, {})), coin_before)
            self.assertIn(spent.order_id, a.orders)  # learnt by the sync (StatusQuery)
            self.assertEqual(a.orders[spent.order_id].status, "open")
            a.cancel(a.orders[spent.order_id])
            self.wait(lambda: a.orders[spent.order_id].status == "cancelled", "the synced order cancelled by A")
        finally:
            other.close()

    def test_8_l3_agrees_with_snapshot_and_l2(self):
        c, d, e = self.clients["c"], self.clients["d"], self.clients["e"]
        first = d.place("BTC-USDT", "sell", price="32000.00", size="0.02")
        second = e.place("BTC-USDT", "sell", price="32000.00", size="0.01")
        third = c.place("BTC-USDT", "buy", price="27000.00", size="0.03")
        self.wait(lambda: all(o.status == "open" for o in (first, second, third)), "three L3 orders resting")
        self.wait(lambda: self.l3.queue("sell", 32_000_000_000) == [(first.order_id, 2_000_000), (second.order_id, 1_000_000)],
                  lambda: f"the L3 queue at 32,000: {self.l3.queue('sell', 32_000_000_000)}")
        bid = c.place("BTC-USDT", "buy", price="32000.00", size="0.005")  # partly fills `first`, the oldest
        self.wait(lambda: bid.status == "filled" and first.filled == 500_000, "the partial fill of the first ask")
        self.wait(lambda: self.l3.queue("sell", 32_000_000_000) == [(first.order_id, 1_500_000), (second.order_id, 1_000_000)],
                  lambda: f"the L3 queue at 32,000 after the fill: {self.l3.queue('sell', 32_000_000_000)}")
        # An amend (same price, smaller) keeps the queue place: the L3 feed renames the order.
        amended = d.replace(first, size="0.01")
        self.wait(lambda: amended.status == "open" and first.reason != "", "the amend resting")
        FIGURES["notes"].append(f"amend (same price, smaller): old order {first.status} ({first.reason})")
        self.assertEqual((first.status, first.reason), ("replaced", "replaced"))
        self.wait(lambda: self.l3.queue("sell", 32_000_000_000) == [(amended.order_id, 1_000_000), (second.order_id, 1_000_000)],
                  lambda: f"the L3 queue at 32,000 after the amend: {self.l3.queue('sell', 32_000_000_000)}")
        fresh = L3Follower(FEED, SNAPSHOT, "BTC-USDT")
        try:
            self.wait(lambda: self.l3.sequence is not None and self.l2.sequence is not None, "both followers")
            fresh.resync()
            self.wait(lambda: self.l3.sequence >= fresh.sequence, "the follower at the snapshot's sequence")
            self.assertEqual(self.l3.orders, fresh.orders)
            self.assertEqual((self.l3.bids, self.l3.asks), (fresh.bids, fresh.asks))
            self.wait(lambda: self.l2.poll(50) >= 0 and self.l3.levels() == (self.l2.bids, self.l2.asks),
                      lambda: f"L3 levels {self.l3.levels()} against L2 {(self.l2.bids, self.l2.asks)}")
            FIGURES["notes"].append(f"L3: {len(self.l3.orders)} orders, resyncs {self.l3.resyncs}, gaps {self.l3.gaps}; "
                                    f"L2 resyncs {self.l2.resyncs}")
        finally:
            fresh.close()

    def test_9_wallets_equal_node_balances(self):
        def settled():
            for client in self.clients.values():
                node = client.node_balances()
                mine = client.wallet.balances()
                if any(figures[2:] != (0, 0) for figures in node.values()):
                    return False
                if {s: f[:2] for s, f in node.items()} != mine:
                    return False
            return True

        mismatch = lambda: {n: (c.wallet.balances(), c.node_balances()) for n, c in self.clients.items()}
        deadline = time.monotonic() + 15
        while not settled():
            if time.monotonic() > deadline:
                self.fail(f"wallets against node balances: {mismatch()}")
            self.poll_all()
            time.sleep(0.3)  # a BalancesQuery costs 10 tokens of the connection's rate
        for name, client in self.clients.items():
            fresh = Client(self.net, client.key, gateway=GATEWAY)
            try:
                fresh.sync()
                self.assertEqual(fresh.wallet.balances(), client.wallet.balances(), name)
                self.assertEqual(sorted(o.order_id for o in fresh.open_orders()),
                                 sorted(o.order_id for o in client.open_orders()), name)
            finally:
                fresh.close()
        FIGURES["notes"].append(f"wallets equal node balances for {len(self.clients)} traders; open orders "
                                f"{sum(len(c.open_orders()) for c in self.clients.values())}; fills "
                                f"{sum(len(c.fills) for c in self.clients.values())}")


if __name__ == "__main__":
    unittest.main()
