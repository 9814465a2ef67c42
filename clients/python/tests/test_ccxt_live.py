"""The CCXT adapter against a real node: a devnet on port base 8101 (its own temp directory),
examples/ccxt_trade.py run as a subprocess, its exit status and the lines it prints checked:
one trade on each side at the maker's price, the fees the market's bps give, and balances
moved by exactly the fill and the fees."""
import os
import re
import subprocess
import sys
import time
import tomllib
import unittest

from devnet import ROOT, Devnet  # the tests' folder is first on the import path

EXAMPLE = os.path.join(ROOT, "examples", "ccxt_trade.py")
PORT_BASE = int(os.environ.get("LODESTONE_CCXT_PORT_BASE", "8101"))


class CcxtTradeExample(unittest.TestCase):
    def setUp(self):
        self.devnet = Devnet(PORT_BASE, prefix="lodestone-ccxt-")

    def tearDown(self):
        self.devnet.close()

    def test_example_trades_with_unified_methods(self):
        started = time.monotonic()
        run = subprocess.run([sys.executable, EXAMPLE, "--dir", self.devnet.dir, "--port-base", str(PORT_BASE)],
                             capture_output=True, text=True, timeout=90, cwd=ROOT)
        elapsed = time.monotonic() - started
        self.assertEqual(run.returncode, 0, f"stdout:\n{run.stdout}\nstderr:\n{run.stderr}")
        lines = run.stdout.splitlines()
        steps = [line.split(":", 1)[0] for line in lines]
        for step in ("load_markets", "fetch_balance", "watch_order_book", "create_order maker", "fetch_order_book",
                     "create_order taker", "fetch_my_trades", "fetch_order", "edit_order", "cancel_order",
                     "cancel_all_orders", "fetch_open_orders", "errors", "done"):
            self.assertIn(step, steps, run.stdout)
        self.assertLess(elapsed, 60, f"the example took {elapsed:.1f} s")

        with open(os.path.join(ROOT, "Markets", "BTC-USDT.toml"), "rb") as file:
            market = tomllib.load(file)
        size, price = 1_000_000, 30_000_000_000            # 0.01 BTC at 30,000.00 USDT (the maker's)
        value = size * price // 10 ** market["base_decimals"]  # 300,000,000 micro-USDT
        maker_fee = -(-value * market["maker_fee_bps"] // 10_000)
        taker_fee = -(-size * market["taker_fee_bps"] // 10_000)

        trades = [line for line in lines if line.startswith("fetch_my_trades: ")]
        self.assertEqual(len(trades), 2, run.stdout)
        self.assertIn(f"maker sell 0.01 @ 30000.0 cost 300.0 maker fee {maker_fee / 1e6} USDT "
                      f"exact size {size} price {price} fee {maker_fee}", trades[0])
        self.assertIn(f"taker buy 0.01 @ 30000.0 cost 300.0 taker fee {taker_fee / 1e8} BTC "
                      f"exact size {size} price {price} fee {taker_fee}", trades[1])

        moved = {}
        for line in lines:
            match = re.match(r"fetch_balance: (maker|taker) (\w+) moved (-?\d+) minor units \(expected (-?\d+)\)", line)
            if match:
                moved[(match[1], match[2])] = (int(match[3]), int(match[4]))
        self.assertEqual(moved, {("maker", "BTC"): (-size, -size),
                                 ("maker", "USDT"): (value - maker_fee, value - maker_fee),
                                 ("taker", "BTC"): (size - taker_fee, size - taker_fee),
                                 ("taker", "USDT"): (-value, -value)}, run.stdout)
        self.assertRegex(run.stdout, r"fetch_open_orders: maker 2 resting: [0-9a-f]{16}, [0-9a-f]{16}")
        self.assertRegex(run.stdout, r"fetch_open_orders: maker 0 taker 0")
        errors = [line for line in lines if line.startswith("errors: ")]
        self.assertEqual([line.split(": ")[2] for line in errors],
                         ["NotSupported", "InvalidOrder", "InvalidOrder", "InvalidOrder", "InsufficientFunds",
                          "OrderNotFound", "OrderNotFound"], run.stdout)
        self.assertIn("price_off_tick (5104)", errors[1])
        self.assertIn("size_not_lot_multiple (5106)", errors[2])
        self.assertIn("units_too_many_decimals (5102)", errors[3])
        self.assertIn("insufficient_coins", errors[4])
        self.assertIn("unknown_order (8009)", errors[5])
        self.assertRegex(run.stdout, r"cancel_order: [0-9a-f]{16} status canceled")
        self.assertRegex(run.stdout, r"fetch_order: maker [0-9a-f]{16} status closed filled 0.01 remaining 0.0")
        print(f"\nccxt example: {len(lines)} lines in {elapsed:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
