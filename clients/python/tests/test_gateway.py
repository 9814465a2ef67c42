"""Runs the Python client against a real node: a devnet node is started on its own ports,
orders are placed, matched and cancelled over the gateway, and the L2 book is followed
over the feed with snapshot gap repair. `make test` runs it after building the node."""
import os
import signal
import struct
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))  # the package, when not pip-installed
from lodestone.book import BookFollower
from lodestone.encoding import (MagneticOrder, Output, PayToKey, Transaction, cancel_message, cancel_order_witness,
                                       signature_witness, tagged_hash, varint)
from lodestone.gateway import GatewayClient, GatewayError, SubscriptionEnded, coin
from lodestone.keys import SigningKey
from lodestone.encoding import MarketDefinition
from lodestone.units import MarketUnits

from devnet import BINARY, ROOT, Devnet as LiveDevnet  # noqa: E402  (the tests' folder is first on the path)
# LODESTONE_TEST_VALIDATORS=4 runs the same tests against a 4-validator devnet's follower
# (Tests/Cluster does); LODESTONE_TEST_PORT_BASE moves every port (lodestone devnet --port-base).
VALIDATORS = int(os.environ.get("LODESTONE_TEST_VALIDATORS", "1"))
PORT_BASE = int(os.environ.get("LODESTONE_TEST_PORT_BASE", "7601"))


def asset_id(symbol: str, decimals: int) -> bytes:
    return tagged_hash("Lodestone/AssetID", varint(len(symbol)) + symbol.encode() + bytes([decimals]))


class Devnet(LiveDevnet):
    """A devnet folder with five traders on this test's ports: one validator node, or (with
    LODESTONE_TEST_VALIDATORS > 1) `lodestone devnet` running the validators and the follower
    whose gateway and feeds the tests use."""

    def __init__(self):
        super().__init__(PORT_BASE, prefix="lodestone-py-", validators=VALIDATORS)

    def trader(self, number: int) -> SigningKey:
        return SigningKey.from_file(self.key_path(number))

    def coin(self, key: SigningKey, symbol: str):
        """The genesis output paying `key` in `symbol`: (output ID, amount)."""
        for index, allocation in enumerate(self.genesis["allocations"]):
            if allocation["asset"] == symbol and allocation["public_key"] == key.public_key.hex():
                output = tagged_hash("Lodestone/OutputID", self.chain_id + struct.pack("<I", index))
                return output, allocation["amount"]
        raise KeyError(symbol)


BTC, USDT = asset_id("BTC", 8), asset_id("USDT", 6)
PRICE = 30_000_000_000  # 30,000 USDT per BTC, in micro-USDT
SIZE = 1_000_000  # 0.01 BTC
VALUE = SIZE * PRICE // 10**8


def order(devnet, key, side, coin, price=PRICE, size=SIZE):
    """A signed one-order transaction; returns (transaction, order ID, change coin)."""
    offered, requested = (BTC, USDT) if side == "sell" else (USDT, BTC)
    amount = size if side == "sell" else size * price // 10**8
    numerator, denominator = (price, 10**8) if side == "sell" else (10**8, price)
    contract = MagneticOrder(requested, numerator, denominator, PayToKey(key.public_key), key.public_key, max_fee_bps=20)
    spent, funds = coin
    change = [Output(offered, funds - amount, PayToKey(key.public_key))] if funds > amount else []
    tx = Transaction(spent=[spent], outputs=[Output(offered, amount, contract)] + change)
    tx.witnesses = [signature_witness(key.sign(tx.signature_hash(devnet.chain_id, 0)))]
    return tx, tx.output_id(0), (tx.output_id(1), funds - amount)


def replace(devnet, key, order_tx, price):
    """Replaces the sell order output 0 of `order_tx` by a sell of the same size at `price`,
    in one transaction signed under the order's cancel clause (witness tag 3)."""
    contract = MagneticOrder(USDT, price, 10**8, PayToKey(key.public_key), key.public_key, max_fee_bps=20)
    tx = Transaction(spent=[order_tx.output_id(0)], outputs=[Output(BTC, SIZE, contract)])
    tx.witnesses = [cancel_order_witness(key.sign(tx.signature_hash(devnet.chain_id, 0)))]
    return tx


@unittest.skipUnless(os.path.exists(BINARY), "build the node first (swift build)")
class GatewayTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.devnet = Devnet()

    @classmethod
    def tearDownClass(cls):
        cls.devnet.close()

    def test_y_coins_and_balances_after_a_fill(self):
        """Coins and balances from the node's coin index (runs after the trading tests, before
        the node stops): a key's coins page by page equal one full page; orders are funded
        from coins the index names; after a sell rests and a buy fills it, both traders'
        balances are what this test computes from the fill and the market's fees."""
        devnet = self.devnet
        seller, buyer = devnet.trader(1), devnet.trader(2)
        client = GatewayClient(devnet.endpoint("gateway_endpoint"))
        try:
            coins, heights = client.all_coins(seller.public_key, limit=1)
            whole = client.coins(seller.public_key, limit=500)
            if whole.height in heights and len(heights) == 1:  # no block between the walks
                self.assertEqual(coins, list(whole.coins))
            self.assertEqual([(c.asset, c.output_id) for c in coins], sorted((c.asset, c.output_id) for c in coins))
            btc_coins, _ = client.all_coins(seller.public_key, asset=BTC, limit=1)
            self.assertTrue(btc_coins and all(c.asset == BTC for c in btc_coins))

            def free_coin(key, asset):
                """The key's largest coin of `asset` that is not an order, as the index lists it."""
                listed, _ = client.all_coins(key.public_key, asset=asset)
                best = max((c for c in listed if not c.order_id), key=lambda c: c.amount)
                return best.output_id, best.amount

            def figures(key, asset):
                time.sleep(0.05)  # a balances query costs 10 of the connection's tokens: poll gently
                for entry in client.balances(key.public_key).assets:
                    if entry.asset == asset:
                        return entry.free, entry.in_orders, entry.pending_in, entry.pending_out
                return 0, 0, 0, 0

            seller_btc, seller_orders = figures(seller, BTC)[:2]  # before the ask: its block may come at any time after
            seller_usdt = figures(seller, USDT)[0]
            # Buy orders of trader 3 may rest below PRICE; none rests at or above it.
            buyer_btc, buyer_usdt = figures(buyer, BTC)[0], figures(buyer, USDT)[0]
            funding = free_coin(seller, BTC)
            ask, ask_id, _ = order(devnet, seller, "sell", funding)
            height = client.balances(seller.public_key).height
            client.place(ask.encode())
            pending = client.balances(seller.public_key)
            pending_figures = next(((e.free, e.in_orders, e.pending_in, e.pending_out) for e in pending.assets if e.asset == BTC))
            if pending.height == height:  # answered before the order's block
                self.assertEqual(pending_figures[2:], (funding[1], funding[1]))
            self._until(lambda: figures(seller, BTC) == (seller_btc - SIZE, seller_orders + SIZE, 0, 0), lambda: f"the ask in the seller's balances: {figures(seller, BTC)} against {(seller_btc - SIZE, seller_orders + SIZE, 0, 0)}")
            order_coins, _ = client.all_coins(seller.public_key, asset=BTC)
            self.assertIn((ask_id, ask_id, SIZE), [(c.output_id, c.order_id, c.amount) for c in order_coins])

            bid, _, _ = order(devnet, buyer, "buy", free_coin(buyer, USDT))
            client.place(bid.encode())
            maker_fee = -(-VALUE * 10 // 10_000)  # ceil, the market's maker_fee_bps
            taker_fee = -(-SIZE * 20 // 10_000)   # ceil, taker_fee_bps
            self._until(lambda: figures(seller, USDT)[0] == seller_usdt + VALUE - maker_fee, "the seller paid")
            self.assertEqual(figures(seller, BTC), (seller_btc - SIZE, seller_orders, 0, 0))
            self._until(lambda: figures(buyer, BTC)[0] == buyer_btc + SIZE - taker_fee, "the buyer paid")
            self.assertEqual(figures(buyer, USDT)[0], buyer_usdt - VALUE)
            self.assertEqual(figures(buyer, USDT)[2:], (0, 0))

            with self.assertRaises(GatewayError) as unknown:
                client.coins(seller.public_key, asset=bytes(32))
            self.assertEqual((unknown.exception.code, unknown.exception.name), (7230, "unknown_asset"))
            with self.assertRaises(GatewayError) as past:
                client.coins(seller.public_key, after=b"\xff" * 64)
            self.assertEqual((past.exception.code, past.exception.name), (7231, "page_past_end"))
        finally:
            client.close()

    def test_place_match_replace_cancel_and_repair_a_gap(self):
        """Orders placed, matched, replaced and cancelled over the gateway, each seen on the L2
        feed; one update is lost on purpose and the follower re-syncs to the snapshot."""
        devnet = self.devnet
        seller, buyer = devnet.trader(1), devnet.trader(2)
        client = GatewayClient(devnet.endpoint("gateway_endpoint"))
        book = BookFollower(devnet.endpoint("feed_endpoint"), devnet.endpoint("snapshot_endpoint"), "BTC-USDT")
        try:
            time.sleep(0.3)  # let the subscription reach the publisher
            book.resync()
            ask, ask_id, seller_btc = order(devnet, seller, "sell", devnet.coin(seller, "BTC"))
            ack = client.place(ask.encode())
            self.assertEqual(ack.transaction_id, ask.id())
            self.assertEqual(list(ack.order_ids), [ask_id])
            self._until(lambda: book.poll(200) >= 0 and book.asks.get(PRICE) == SIZE, "the ask on the L2 feed")

            bid, _, _ = order(devnet, buyer, "buy", devnet.coin(buyer, "USDT"))
            client.place(bid.encode())
            self._until(lambda: book.poll(200) >= 0 and PRICE not in book.asks, "the ask filled")

            with self.assertRaises(GatewayError) as replay:
                client.place(bid.encode())
            self.assertIn(replay.exception.code, (8001, 8011, 8302))

            resting, resting_id, _ = order(devnet, seller, "sell", seller_btc, price=PRICE + 10_000)
            client.place(resting.encode())
            self._until(lambda: book.poll(200) >= 0 and book.asks.get(PRICE + 10_000) == SIZE, "the second ask")
            # Replace: one transaction spends the resting order through its cancel clause
            # and places the new one. Its L2 update is then lost on purpose, so the cancel's
            # update arrives after a gap and the follower must re-sync from a snapshot.
            replacement = replace(devnet, seller, resting, PRICE + 30_000)
            ack = client.replace(replacement.encode())
            self.assertEqual(list(ack.order_ids), [replacement.output_id(0)])
            self._drop_next_update(book)
            resyncs = book.resyncs
            new_id = replacement.output_id(0)
            ack = client.cancel(new_id, seller.sign(cancel_message(devnet.chain_id, new_id)))
            self.assertEqual(list(ack.order_ids), [new_id])
            self._until(lambda: book.poll(200) >= 0 and book.resyncs > resyncs, "the re-sync after the gap")
            self.assertNotIn(PRICE + 10_000, book.asks)
            self.assertNotIn(PRICE + 30_000, book.asks)
            fresh = BookFollower(devnet.endpoint("feed_endpoint"), devnet.endpoint("snapshot_endpoint"), "BTC-USDT")
            try:
                fresh.resync()
                self.assertEqual((book.bids, book.asks), (fresh.bids, fresh.asks))
            finally:
                fresh.close()
        finally:
            client.close()
            book.close()

    def test_chain_orders_on_reported_coins(self):
        """A fill's report names the outputs it paid: each side places its next order on
        them with no query, and they trade again. The ack names the change. A refusal for a
        coin already spent carries the ledger's own code as its cause."""
        devnet = self.devnet
        seller, buyer = devnet.trader(4), devnet.trader(5)
        price = PRICE + 70_000  # a price no other test uses; nothing is left resting
        sells, buys = GatewayClient(devnet.endpoint("gateway_endpoint")), GatewayClient(devnet.endpoint("gateway_endpoint"))
        try:
            sells.subscribe_reports(seller, devnet.chain_id)
            buys.subscribe_reports(buyer, devnet.chain_id)
            genesis_btc = devnet.coin(seller, "BTC")
            ask, ask_id, _ = order(devnet, seller, "sell", genesis_btc, price=price)
            ack = sells.place(ask.encode())
            self.assertEqual([(c.output_id, c.index, c.asset, c.amount) for c in ack.change],
                             [(ask.output_id(1), 1, BTC, genesis_btc[1] - SIZE)])
            bid, bid_id, _ = order(devnet, buyer, "buy", devnet.coin(buyer, "USDT"), price=price)
            buys.place(bid.encode())

            bought = self._fill(buys, bid_id)
            self.assertEqual(len(bought.payouts), 1)
            self.assertEqual((bought.payouts[0].asset, bought.payouts[0].amount), (BTC, SIZE - bought.fee))
            sold = self._fill(sells, ask_id)
            self.assertEqual(sold.settlement_transaction_id, bought.settlement_transaction_id)
            self.assertEqual((sold.payouts[0].asset, sold.payouts[0].amount), (USDT, SIZE * price // 10**8 - sold.fee))

            # The next orders spend exactly the outputs the Fills named, and cross again.
            half = SIZE // 2
            resell, resell_id, _ = order(devnet, buyer, "sell", coin(bought.payouts[0]), price=price, size=half)
            buys.place(resell.encode())
            rebuy, rebuy_id, _ = order(devnet, seller, "buy", coin(sold.payouts[0]), price=price, size=half)
            sells.place(rebuy.encode())
            self.assertEqual(self._fill(buys, resell_id).size, half)
            self.assertEqual(self._fill(sells, rebuy_id).size, half)

            again, _, _ = order(devnet, seller, "sell", genesis_btc, price=price + 10_000)
            with self.assertRaises(GatewayError) as spent:
                sells.place(again.encode())
            self.assertEqual((spent.exception.code, spent.exception.cause_code, spent.exception.cause_name),
                             (8001, 3010, "missing_input"))
            self.assertEqual(spent.exception.actionable_code, 3010)
        finally:
            sells.close()
            buys.close()

    @staticmethod
    def _fill(client, order_id):
        """The first Fill report of `order_id` (its only one here: each order trades once)."""
        while True:
            report = client.next_report(timeout_ms=15_000)
            if report is None:
                raise AssertionError("no Fill report within 15 s")
            if report.HasField("fill") and report.fill.order_id == order_id:
                return report.fill

    def test_watch_draws_the_ladder(self):
        """`lodestone watch` against the live node: a resting bid appears on the bid side of
        the ladder it prints (best bid right under the separator), with no resyncs."""
        devnet = self.devnet
        trader = devnet.trader(3)
        client = GatewayClient(devnet.endpoint("gateway_endpoint"))
        book = BookFollower(devnet.endpoint("feed_endpoint"), devnet.endpoint("snapshot_endpoint"), "BTC-USDT")
        bid_price = PRICE - 20_000
        try:
            time.sleep(0.3)
            book.resync()
            bid, _, _ = order(devnet, trader, "buy", devnet.coin(trader, "USDT"), price=bid_price)
            client.place(bid.encode())
            self._until(lambda: book.poll(200) >= 0 and book.bids.get(bid_price) == SIZE, "the bid on the L2 feed")
        finally:
            client.close()
            book.close()
        screen = subprocess.run(
            [BINARY, "watch", "BTC-USDT", "--endpoint", devnet.endpoint("feed_endpoint"),
             "--snapshot-endpoint", devnet.endpoint("snapshot_endpoint"), "--seconds", "2",
             "--markets", os.path.join(ROOT, "Markets")],
            capture_output=True, text=True, timeout=30)
        # The ladder shows the market's units (30,000.00 USDT, 0.0100 BTC), read back exactly.
        units = MarketUnits(MarketDefinition.load(os.path.join(ROOT, "Markets", "BTC-USDT.toml")))
        self.assertEqual(screen.returncode, 0, screen.stderr)
        last_frame = screen.stdout.split("\x1b[H\x1b[2J")[-1]
        lines = [line.rstrip() for line in last_frame.splitlines()]
        self.assertRegex(lines[0], r"^BTC-USDT  height \d+  l2 seq \d+  resyncs 0$")
        separator = lines.index("-" * 34)
        bids = lines[separator + 1:lines.index("BID price           size")]
        best_bid = bids[0].split()
        self.assertGreaterEqual(units.price(best_bid[0]), bid_price)
        self.assertIn([units.format_price(bid_price), units.format_size(SIZE)], [row.split() for row in bids])
        asks = lines[lines.index("ASK price           size") + 1:separator]
        self.assertTrue(all(units.price(row.split()[0]) > bid_price for row in asks), asks)

    def test_z_subscription_ends_when_the_node_stops(self):
        """A subscribed connection gets the Accepted report of its order; when the node stops,
        the gateway sends SubscriptionEnded (gateway_stopping) and `next_report` raises it.
        Runs last (tests run in name order): it stops the class's node."""
        devnet = self.devnet
        trader = devnet.trader(3)
        client = GatewayClient(devnet.endpoint("gateway_endpoint"))
        try:
            client.subscribe_reports(trader, devnet.chain_id)
            coin = devnet.coin(trader, "BTC")
            ask, ask_id, _ = order(devnet, trader, "sell", coin, price=PRICE + 50_000)
            client.place(ask.encode())
            report = client.next_report(timeout_ms=10_000)
            self.assertIsNotNone(report)
            self.assertEqual(list(report.accepted.order_ids), [ask_id])
            devnet.node.send_signal(signal.SIGTERM)
            devnet.node.wait(timeout=40)
            with self.assertRaises(SubscriptionEnded) as ended:
                while client.next_report(timeout_ms=5_000) is not None:
                    pass
            self.assertEqual((ended.exception.code, ended.exception.name), (7216, "gateway_stopping"))
            self.assertEqual(ended.exception.public_key, trader.public_key)
            self.assertEqual(ended.exception.last_sequence, 1)
        finally:
            client.close()

    def _drop_next_update(self, book):
        """Receives and discards the follower's next L2 update (heartbeats repeat the last
        sequence number and are skipped), as if the network had lost it."""
        while True:
            self.assertTrue(book.sub.poll(10_000), "an L2 update")
            topic, _, sequence = book.sub.recv_multipart()
            if topic == book.topic and struct.unpack("<Q", sequence)[0] > book.sequence:
                return

    @staticmethod
    def _until(check, what, seconds=30):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if check():
                return
        raise AssertionError(f"timed out waiting for {what() if callable(what) else what}")


if __name__ == "__main__":
    unittest.main()
