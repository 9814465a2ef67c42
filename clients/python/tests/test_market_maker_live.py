"""The market maker example for minutes against a real node: a devnet (one validator, five
traders) on port base 8201, examples/taker.py (trader 2) crossing the maker's quotes and
examples/market_maker.py (trader 1) quoting, both as subprocesses through the SDK only, for
MM_SECONDS (default 120, what `make test` runs; 20 while developing).

It asserts both exit 0, no stale-coin reject (3010 missing_input, or a cause naming a spent
coin), fills on both sides, that the maker re-quoted (replaces or cancels), and that the
maker's SDK balances equal the node's to the unit (the maker checks that itself against a
BalancesQuery and says so in its MM_SUMMARY line). It prints the figures both printed."""
import json
import os
import re
import subprocess
import sys
import time
import unittest

TESTS = os.path.dirname(os.path.abspath(__file__))
from devnet import BINARY, ROOT, Devnet  # noqa: E402  (the tests' folder is first on the import path)

EXAMPLES = os.path.join(ROOT, "examples")
PORT_BASE = int(os.environ.get("MM_PORT_BASE", "8201"))
SECONDS = float(os.environ.get("MM_SECONDS", "120"))
# 200 ms blocks leave the maker a 100 ms spend window after each block even with the simulator
# on the other core (`make test` runs it while sim-smoke finishes at nice 19).
BLOCK_INTERVAL_MS = int(os.environ.get("MM_BLOCK_INTERVAL_MS", "200"))


def summary(output: str, tag: str) -> dict:
    match = re.search(rf"^{tag} (\{{.*\}})$", output, re.MULTILINE)
    if not match:
        raise AssertionError(f"no {tag} line in:\n{output[-4000:]}")
    return json.loads(match.group(1))


@unittest.skipUnless(os.path.exists(BINARY), "build the node first (swift build)")
class MarketMakerLiveTest(unittest.TestCase):
    def setUp(self):
        self.devnet = Devnet(PORT_BASE, prefix="lodestone-mm-", block_interval_ms=BLOCK_INTERVAL_MS)

    def tearDown(self):
        self.devnet.close()

    def test_market_maker_for_minutes(self):
        python = sys.executable
        common = ["--dir", self.devnet.dir, "--port-base", str(PORT_BASE), "--market", "BTC-USDT"]
        maker = subprocess.Popen([python, os.path.join(EXAMPLES, "market_maker.py"), *common, "--key", "1",
                                  "--seconds", str(SECONDS), "--levels", "3", "--spread-ticks", "10", "--size", "0.01",
                                  "--reference-price", "30000.00", "--seed", "7", "--quiet"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
        time.sleep(2.0)  # the maker's first quotes rest before the taker looks for them
        taker = subprocess.Popen([python, os.path.join(EXAMPLES, "taker.py"), *common, "--key", "2",
                                  "--seconds", str(max(1.0, SECONDS - 4)), "--size", "0.005", "--seed", "11", "--quiet"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
        bound = SECONDS + 90
        try:
            taker_out, _ = taker.communicate(timeout=bound)
            maker_out, _ = maker.communicate(timeout=bound)
        finally:
            for process in (maker, taker):
                if process.poll() is None:
                    process.kill()
                    process.communicate(timeout=10)
        print("\n--- market maker ---\n" + maker_out[-6000:], flush=True)
        print("--- taker ---\n" + taker_out[-3000:], flush=True)
        mm, tk = summary(maker_out, "MM_SUMMARY"), summary(taker_out, "TAKER_SUMMARY")
        print(f"figures over {SECONDS:.0f} s: maker placed {mm['placed']} replaced {mm['replaced']} "
              f"cancelled {mm['cancelled']} fills {mm['fills']} rejects {mm['rejects']} stale {mm['stale']} "
              f"syncs {mm['syncs']} ack median {mm['ack_ms_median']} ms max {mm['ack_ms_max']} ms "
              f"{mm['requests_per_s']} requests/s; taker orders {tk['orders']} fills {tk['fills']} "
              f"rejects {tk['rejects']}", flush=True)
        self.assertEqual(mm["stale"], 0, "stale-coin rejects of the maker")
        self.assertEqual(tk["stale"], 0, "stale-coin rejects of the taker")
        self.assertEqual(maker.returncode, 0, maker_out[-3000:])
        self.assertEqual(taker.returncode, 0, taker_out[-3000:])
        self.assertGreater(mm["fills"], 0)
        self.assertGreater(tk["fills"], 0)
        self.assertGreater(mm["replaced"] + mm["cancelled"], 0, "the maker never re-quoted")
        self.assertTrue(mm["balances_equal"], "the maker's SDK balances differ from the node's")
        self.assertTrue(tk["balances_equal"], "the taker's SDK balances differ from the node's")


if __name__ == "__main__":
    unittest.main()
