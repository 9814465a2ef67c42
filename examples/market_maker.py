#!/usr/bin/env python3
"""A market maker on a Lodestone devnet, through the Python SDK only (package `lodestone`).

It quotes `--levels` post-only orders a side around a fair price and keeps them there for
`--seconds`:

* Fair price: the mid of the other participants' best bid and ask (the L2 book, followed
  with BookFollower, less this maker's own resting size at each level); when one side has no
  other participant, its own last fill price; before any fill, `--reference-price`.
* Inventory: the base position against the start is skewed into the quotes (long: both
  sides move down, short: up, `--skew-ticks` at the cap) and capped (`--max-position`: past
  it the side that would grow the position is not quoted). A side the wallet cannot fund
  (InsufficientCoins) is quoted as far as the coins reach.
* Re-quoting: a fill, a cancel or a book change triggers a re-quote once the book has been
  quiet for `--settle-ms`. An order moves when its target is `--requote-ticks` (+ its level
  index) away or a fill has halved it: the best level of each side by cancel + place (a
  cancel that comes too late is 8009 unknown_order and spends no coin), deeper levels by one
  signed replace (the SDK spends the order's current output: the remainder after a partial
  fill, topped up to `--size`); `--requote-with` forces one way.
* No stale coins: orders are spent only in a window after a block (the `blocks` feed topic:
  `--settle-ms` … `--spend-window-ms`), right after reading every report already there, and
  not while the book shows less at a level than the maker's own resting size there (a fill
  whose report is on its way: the maker waits for it, bounded). A stale-coin refusal that
  still happens is printed and classed as a race lost to a block's fill or a bookkeeping error.
* Coins: one `sync()` at start; afterwards the wallet lives from the reports the SDK applies
  (Ack change, Fill payouts and remainders, Cancelled/Expired returns). A `sync()` happens
  again only as a recovery (a stale-coin refusal or a book that never agrees), and is counted.
* Bounds: at most `--max-open` orders; at most `--max-rate` requests per second on its own
  token bucket (burst `--burst`), below the gateway's `gateway_rate_per_second` (1,000) and
  `gateway_burst` (2,000) of docs/OPERATIONS.md; every wait has a timeout.

At the end it lets its pending orders reach a block, cancels its orders (`cancel_all`,
`--keep-orders` leaves them), waits for the reports, and prints orders placed/replaced/cancelled, fills (count, base and quote volume),
rejects by code, syncs, and its balances from the SDK and from the node side by side. Exit
status 1 when they differ or any stale-coin reject happened (3010 missing_input), 0 otherwise.

    python3 examples/market_maker.py --dir devnet --key 1 --seconds 60
"""
import argparse
import collections
import inspect
import json
import os
import random
import signal
import statistics
import sys
import time
from decimal import Decimal
from typing import Callable, Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "clients", "python"))  # this checkout's SDK first

import zmq  # noqa: E402

from lodestone import (BookFollower, Client, GatewayError, InsufficientCoins, Network, Order,  # noqa: E402
                       OrderRefused, SigningKey, SubscriptionEnded, UnitsError)
from lodestone.proto import market_data  # noqa: E402


STALE_COIN_CODES = {3010}  # missing_input: a spent output unknown or already spent
STALE_COIN_WORDS = ("missing_input", "already spent", "spent")


# ----------------------------------------------------------------------------------------------
# Shared by the market maker and the taker
# ----------------------------------------------------------------------------------------------

class Endpoints:
    """The devnet's gateway, feed and snapshot endpoints: from `<dir>/node.json` when it is
    there (it is the truth for that devnet), else from a port base (gateway +10, feed +20,
    snapshots +21, as DevnetPorts documents)."""

    def __init__(self, gateway: str, feed: str, snapshot: str):
        self.gateway, self.feed, self.snapshot = gateway, feed, snapshot

    @staticmethod
    def find(directory: str, port_base: Optional[int]) -> "Endpoints":
        path = os.path.join(directory, "node.json")
        if os.path.exists(path):
            with open(path) as file:
                node = json.load(file)
            gateway = node.get("gateway_endpoint", "")
            if gateway and (port_base is None or gateway.endswith(f":{port_base + 10}")):
                return Endpoints(gateway, node["feed_endpoint"], node["snapshot_endpoint"])
        base = 7401 if port_base is None else port_base
        host = "tcp://127.0.0.1"
        return Endpoints(f"{host}:{base + 10}", f"{host}:{base + 20}", f"{host}:{base + 21}")


class Book(BookFollower):
    """The SDK's L2 follower (which keeps the height of the last update it applied), also
    following the `blocks` topic (one BlockSummary per committed block) on a second SUB
    socket: `block_at` is when the last block's summary arrived (time.monotonic()), so a
    client knows where it stands in the block interval."""

    def __init__(self, feed_endpoint: str, snapshot_endpoint: str, market: str, context: zmq.Context = None):
        super().__init__(feed_endpoint, snapshot_endpoint, market, context)
        self.blocks = (context or zmq.Context.instance()).socket(zmq.SUB)
        self.blocks.setsockopt(zmq.LINGER, 0)
        self.blocks.setsockopt(zmq.SUBSCRIBE, b"blocks")
        self.blocks.connect(feed_endpoint)
        self.block_at = 0.0
        self.block_height = 0
        self.block_summaries = 0

    def poll_blocks(self) -> int:
        """Reads the block summaries already there (never waits); returns how many."""
        seen = 0
        while self.blocks.poll(0):
            topic, body, _ = self.blocks.recv_multipart()
            if topic != b"blocks":
                continue
            summary = market_data.BlockSummary.FromString(body)
            self.block_at = time.monotonic()
            self.block_height = max(self.block_height, summary.height)
            seen += 1
        self.block_summaries += seen
        return seen

    def close(self) -> None:
        self.blocks.close()
        super().close()


def load_key(directory: str, key: str) -> SigningKey:
    """`--key 3` is devnet trader 3 (`<dir>/keys/trader-3.key`); anything else is a key file."""
    if key.isdigit():
        return SigningKey.from_file(os.path.join(directory, "keys", f"trader-{key}.key"))
    return SigningKey.from_file(key)


class TokenBucket:
    """Client-side rate bound, the same shape as the gateway's: `rate` tokens a second, at
    most `burst` saved. `take(n)` sleeps until `n` tokens are there (bounded: n / rate)."""

    def __init__(self, rate: float, burst: int):
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.last = time.monotonic()
        self.taken = 0
        self.waited_s = 0.0

    def take(self, n: int = 1) -> None:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < n:
            wait = (n - self.tokens) / self.rate
            time.sleep(wait)
            self.waited_s += wait
            self.tokens = float(n)
            self.last = time.monotonic()
        self.tokens -= n
        self.taken += n


def is_stale_coin(error: GatewayError) -> bool:
    """A refusal that says a coin this client spent was already spent or unknown."""
    if error.code in STALE_COIN_CODES or error.cause_code in STALE_COIN_CODES:
        return True
    cause = (error.cause_name or "").lower()
    return any(word in cause for word in STALE_COIN_WORDS)


class Rejects:
    """Refusals by (code, name, cause_code, cause_name), the stale-coin ones kept apart."""

    def __init__(self) -> None:
        self.by_code: collections.Counter = collections.Counter()
        self.stale: List[str] = []
        self.stale_orders: list = []  # (order, highest block heard of at sending, index in stale)
        self.local: collections.Counter = collections.Counter()  # refused by the SDK before sending

    def gateway(self, what: str, error: GatewayError, order=None, seen_height: int = 0) -> None:
        self.by_code[(error.code, error.name, error.cause_code, error.cause_name)] += 1
        if is_stale_coin(error):
            self.stale.append(f"{what}: {error}")
            self.stale_orders.append((order, seen_height, len(self.stale) - 1))

    def classify(self) -> Tuple[int, int]:
        """Splits the stale-coin refusals of orders: (lost races, bookkeeping). A race: the order
        changed in a block above the highest block the client had heard of when it sent the
        request (a fill it could not have known). Bookkeeping: the wallet was told and still
        spent the coin. Each line in `stale` gets its verdict appended."""
        races = 0
        for order, seen, index in self.stale_orders:
            race = order is not None and getattr(order, "height", 0) > seen
            races += race
            self.stale[index] += (f"  [race: the order changed in block {order.height}, the client had seen block {seen}]"
                                  if race else f"  [bookkeeping: nothing newer than block {seen} touched the order]")
        return races, len(self.stale) - races

    def dropped(self, report) -> None:
        """A Dropped report: an acknowledged transaction left the pool without a block."""
        reason = report.dropped.reason
        self.by_code[(reason.code, reason.name, reason.cause_code, reason.cause_name)] += 1
        if reason.code in STALE_COIN_CODES or reason.cause_code in STALE_COIN_CODES:
            self.stale.append(f"dropped {report.dropped.transaction_id.hex()[:16] or report.dropped.order_id.hex()[:16]}: "
                              f"{reason.name} ({reason.code}) cause {reason.cause_name} ({reason.cause_code})")

    def sdk(self, error: Exception) -> None:
        name = getattr(error, "name", None) or getattr(error, "rule", None) or type(error).__name__
        self.local[(type(error).__name__, str(name))] += 1

    def lines(self) -> List[str]:
        out = []
        for (code, name, cause_code, cause_name), count in sorted(self.by_code.items()):
            cause = f"  cause {cause_code} {cause_name}" if cause_code else ""
            out.append(f"  {count:6d} x {code} {name}{cause}")
        for (kind, name), count in sorted(self.local.items()):
            out.append(f"  {count:6d} x refused by the SDK before sending: {kind} {name}")
        return out or ["  none"]

    @property
    def total(self) -> int:
        return sum(self.by_code.values())


def balances_table(client: Client, net: Network, symbols: List[str], wait_s: float,
                   bucket: TokenBucket, drain: Callable[[int], None]) -> Tuple[bool, List[str]]:
    """Polls reports and the node's balances (bucket-bounded: a balances query costs 10 tokens)
    until the SDK's (free, in_orders) equal the node's with nothing pending, or `wait_s`.
    Returns (equal, printable lines)."""
    deadline = time.monotonic() + wait_s
    while True:
        drain(100)
        bucket.take(10)
        node = client.node_balances()
        mine = client.wallet.balances()
        equal = all(mine.get(s, (0, 0)) == node.get(s, (0, 0, 0, 0))[:2] and node.get(s, (0, 0, 0, 0))[2:] == (0, 0)
                    for s in symbols)
        if equal or time.monotonic() >= deadline:
            break
        time.sleep(0.2)
    lines = [f"  {'asset':6} {'SDK free':>22} {'SDK in_orders':>18} {'node free':>22} {'node in_orders':>18} "
             f"{'pending in/out':>16}  "]
    for symbol in symbols:
        decimals = net.assets[symbol].decimals
        free, in_orders = mine.get(symbol, (0, 0))
        nfree, nin, pin, pout = node.get(symbol, (0, 0, 0, 0))
        same = (free, in_orders) == (nfree, nin) and (pin, pout) == (0, 0)
        lines.append(f"  {symbol:6} {fmt(free, decimals):>22} {fmt(in_orders, decimals):>18} {fmt(nfree, decimals):>22} "
                     f"{fmt(nin, decimals):>18} {pin:>7}/{pout:<8} {'equal' if same else 'DIFFER'}")
    return equal, lines


def fmt(minor: int, decimals: int) -> str:
    """Minor units as an exact decimal string."""
    sign = "-" if minor < 0 else ""
    whole, frac = divmod(abs(minor), 10 ** decimals)
    return f"{sign}{whole}.{frac:0{decimals}d}" if decimals else f"{sign}{whole}"


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def fill_figures(fills, base_decimals: int) -> Tuple[int, int, int]:
    """(count, base volume, quote volume) in minor units; a trade's value is exact."""
    base = sum(f.size for f in fills)
    quote = sum(f.size * f.price // 10 ** base_decimals for f in fills)
    return len(fills), base, quote


# ----------------------------------------------------------------------------------------------
# The market maker
# ----------------------------------------------------------------------------------------------

class MarketMaker:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.net = Network.from_genesis_file(os.path.join(args.dir, "genesis.json"))
        with open(os.path.join(args.dir, "genesis.json")) as file:
            self.block_interval_ms = int(json.load(file)["block_interval_ms"])
        self.spend_window_ms = args.spend_window_ms if args.spend_window_ms is not None else self.block_interval_ms // 2
        if args.market not in self.net.markets:
            raise SystemExit(f"market {args.market} is not in the genesis ({', '.join(self.net.markets)})")
        self.info = self.net.markets[args.market]
        self.market = self.info.units.market
        self.tick = self.market.tick_size
        self.base_decimals = self.market.base_decimals
        self.size = self.info.units.size(args.size)
        self.max_position = self.info.units.size(args.max_position) if args.max_position else self.size * args.levels * 4
        self.reference = self.info.units.price(args.reference_price)
        self.endpoints = Endpoints.find(args.dir, args.port_base)
        self.key = load_key(args.dir, args.key)
        self.client = Client(self.net, self.key, gateway=self.endpoints.gateway, timeout_ms=args.timeout_ms)
        self.book = Book(self.endpoints.feed, self.endpoints.snapshot, args.market)
        self.bucket = TokenBucket(args.max_rate, args.burst)
        self.random = random.Random(args.seed)
        self.rejects = Rejects()
        self.counts = collections.Counter()  # placed, replaced, cancelled, syncs, requotes, ...
        self.ack_ms: List[float] = []
        self.fills_seen = 0
        self.last_fill_price: Optional[int] = None
        self.start_base = 0
        self.stopping = False
        self.deferred = False
        self.trace_file = open(args.trace, "w", buffering=1) if args.trace else None
        self.replace_takes_minor = self._replace_takes_minor()
        self._count_syncs()

    # -- requests, each through the bucket and timed --------------------------------------------

    def trace(self, line: str) -> None:
        """One line to the --trace file (every request and report), when asked for."""
        if self.trace_file:
            self.trace_file.write(f"{time.monotonic():.3f} {line}\n")

    def seen_height(self) -> int:
        """The highest block this maker has heard of (reports, L2 updates, block summaries)."""
        return max(self.client.height, self.book.height, self.book.block_height)

    def _send(self, what: str, call: Callable, tokens: int = 1, order: Optional[Order] = None):
        self.bucket.take(tokens)
        started = time.perf_counter()
        seen = self.seen_height()
        try:
            result = call()
            self.trace(f"sent {what} order {order.order_id.hex()[:12] if order else '-'} -> "
                       f"{result.order_id.hex()[:12] if isinstance(result, Order) else result!r}")
        except GatewayError as error:
            self.trace(f"sent {what} order {order.order_id.hex()[:12] if order else '-'} -> refused {error}")
            self.rejects.gateway(what, error, order, seen)
            if is_stale_coin(error):  # the SDK has synced its wallet already (counted)
                since = (time.monotonic() - self.book.block_at) * 1000
                print(f"STALE COIN on {what} ({since:.0f} ms after block {self.book.block_height} arrived; "
                      f"book at {self.book.height}, reports at {self.client.height}; sent {(time.perf_counter() - started) * 1000:.1f} ms ago): {error}",
                      flush=True)
            return None
        except (InsufficientCoins, UnitsError, OrderRefused, ValueError) as error:
            self.rejects.sdk(error)
            self.counts[f"skipped_{type(error).__name__}"] += 1
            return None
        except TimeoutError as error:
            self.counts["timeouts"] += 1
            print(f"timeout on {what}: {error}", flush=True)
            self.recover(f"timeout on {what}")
            return None
        self.ack_ms.append((time.perf_counter() - started) * 1000)
        return result

    def recover(self, why: str) -> None:
        """The one way back to the node's view of the coins and orders: a counted sync."""
        self.counts["recovery_syncs"] += 1
        print(f"recovery sync ({why})", flush=True)
        self.bucket.take(10)
        self.client.sync()

    def _count_syncs(self) -> None:
        """Counts every sync, the SDK's own included (it syncs after a missing_input refusal
        and after a resubscription): the instance's `sync` is wrapped."""
        plain = self.client.sync

        def counted() -> None:
            self.counts["syncs"] += 1
            return plain()
        self.client.sync = counted

    def spend_window_open(self) -> bool:
        """Whether an order may be spent (replaced or cancelled) now: from `--settle-ms` after a
        block's summary arrived (its reports are in by then) until `--spend-window-ms` after
        it, so the request reaches the pool well before the next block is cut. Later, a block
        may fill the order while the request is on its way, and the request would spend a
        coin that block spent (3010 missing_input, or a Dropped report). Without the blocks
        topic (nothing for 5 intervals) the window is always open."""
        self.book.poll_blocks()
        since = (time.monotonic() - self.book.block_at) * 1000
        if not self.book.block_at or since > 5 * self.block_interval_ms:
            return True
        return self.args.settle_ms <= since <= self.spend_window_ms

    # -- what the maker knows -------------------------------------------------------------------

    def mine(self, cancelling: bool = False) -> List[Order]:
        """This maker's live orders (pending or open) in its market; without those whose
        cancel request was acknowledged unless `cancelling`."""
        return [o for o in self.client.open_orders(self.args.market)
                if o.status in ("pending", "open") and (cancelling or not getattr(o, "cancel_requested", False))]

    def on_book(self) -> List[Order]:
        """The orders of this maker the L2 book may still show: the live ones, and those a
        replace spent while the replacing transaction is not in a block yet."""
        orders = self.mine(cancelling=True)
        for o in self.client.orders.values():
            successor = self.client.orders.get(o.replaced_by) if getattr(o, "replaced_by", None) else None
            if o.status == "replaced" and o.market == self.args.market and successor is not None and successor.status == "pending":
                orders.append(o)
        return orders

    def own_size_at(self, side: str, price: int) -> int:
        return sum(o.remaining for o in self.on_book() if o.side == side and o.price == price)

    def others_best(self) -> Tuple[Optional[int], Optional[int]]:
        """Best bid and ask of the other participants: each L2 level less this maker's size."""
        bids = [p for p, s in self.book.bids.items() if s > self.own_size_at("buy", p)]
        asks = [p for p, s in self.book.asks.items() if s > self.own_size_at("sell", p)]
        return (max(bids) if bids else None, min(asks) if asks else None)

    def book_agrees(self) -> bool:
        """Every resting (open) order of this maker fits in its L2 level. When it does not, a
        block traded or cancelled it and its report has not been read yet."""
        for side, levels in (("buy", self.book.bids), ("sell", self.book.asks)):
            wanted = collections.Counter()
            for o in self.mine(cancelling=True):
                if o.side == side and o.status == "open":
                    wanted[o.price] += o.remaining
            if any(levels.get(price, 0) < size for price, size in wanted.items()):
                return False
        return True

    def position(self) -> int:
        """Base held (free + in orders) less what was held at the start."""
        free, in_orders = self.client.wallet.balances().get(self.info.base.symbol, (0, 0))
        return free + in_orders - self.start_base

    def signed_size(self, minor: int) -> str:
        """A signed base amount in base units, exact (fees make positions off the lot grid)."""
        return ("+" if minor >= 0 else "-") + fmt(abs(minor), self.base_decimals)

    def fair(self) -> int:
        bid, ask = self.others_best()
        if bid is not None and ask is not None and bid < ask:
            mid = (bid + ask) // 2
            self.counts["fair_from_book"] += 1
        elif self.last_fill_price is not None:
            mid = self.last_fill_price
            self.counts["fair_from_fill"] += 1
        else:
            mid = self.reference
            self.counts["fair_from_reference"] += 1
        return max(self.tick * (self.market.min_price_ticks or 1), mid // self.tick * self.tick)

    def targets(self) -> Dict[str, List[int]]:
        """The ladder: per side, best first, the prices the maker wants to rest at."""
        a = self.args
        fair, position = self.fair(), self.position()
        skew = -round(a.skew_ticks * max(-1.0, min(1.0, position / self.max_position)))  # long: quote lower
        half = max(1, (a.spread_ticks + 1) // 2)
        low = (self.market.min_price_ticks or 1) * self.tick
        bids = [fair + (skew - half - i * a.level_ticks) * self.tick for i in range(a.levels)]
        asks = [fair + (skew + half + i * a.level_ticks) * self.tick for i in range(a.levels)]
        bids = [p for p in bids if p >= low]
        if position >= self.max_position:      # long to the cap: stop buying
            bids = []
            self.counts["capped_bids"] += 1
        if position <= -self.max_position:     # short to the cap: stop selling
            asks = []
            self.counts["capped_asks"] += 1
        return {"buy": bids, "sell": asks}

    # -- the loop ---------------------------------------------------------------------------------

    def drain(self, timeout_ms: int = 0) -> int:
        """Applies what the gateway sent (the SDK updates wallet and orders first)."""
        reports = self.client.poll(timeout_ms=timeout_ms)
        for report in reports:
            kind = report.WhichOneof("kind")
            if self.trace_file:
                body = getattr(report, kind)
                ids = [bytes(x).hex()[:12] for x in getattr(body, "order_ids", [])] or \
                    [bytes(getattr(body, "order_id", b"")).hex()[:12]]
                self.trace(f"report {report.sequence} {kind} {ids} height {getattr(body, 'height', '')} "
                           f"{getattr(body, 'reason', '')!s:.60}".replace("\n", " "))
            self.counts[f"report_{kind}"] += 1
            if kind == "dropped":
                self.rejects.dropped(report)
                print(f"dropped: {report.dropped.reason.name} ({report.dropped.reason.code}) "
                      f"cause {report.dropped.reason.cause_name} ({report.dropped.reason.cause_code})", flush=True)
        fills = self.client.fills
        for fill in fills[self.fills_seen:]:
            if fill.market == self.args.market:
                self.last_fill_price = fill.price
                if not self.args.quiet:
                    print(f"fill  {fill.side:4} {self.info.units.format_size(fill.size)} @ "
                          f"{self.info.units.format_price(fill.price)}  {'maker' if fill.is_maker else 'taker'}  "
                          f"height {fill.height}  position {self.signed_size(self.position())}",
                          flush=True)
        self.fills_seen = len(fills)
        return len(reports)

    def requote(self) -> None:
        """Moves the ladder to the targets: replaces first on the side moving away from the
        other (so the maker never crosses itself), cancels what is beyond the levels, places
        what is missing within --max-open."""
        a = self.args
        targets = self.targets()
        resting = {side: sorted((o for o in self.mine() if o.side == side), key=lambda o: -o.price if side == "buy" else o.price)
                   for side in ("buy", "sell")}
        # Which side moves up: asks first when the ladder rises, bids first when it falls.
        rising = bool(resting["sell"] and targets["sell"] and targets["sell"][0] > resting["sell"][0].price) or \
            bool(resting["buy"] and targets["buy"] and targets["buy"][0] > resting["buy"][0].price)
        order = ("sell", "buy") if rising else ("buy", "sell")
        self.counts["requotes"] += 1
        self.deferred = False
        for side in order:
            wanted, have = targets[side], resting[side]
            for index, o in enumerate(have):
                if o.status != "open":
                    continue  # not in a block yet: its output is the pool's, leave it be
                if not self.spend_window_open():
                    self.counts["deferred_to_next_block"] += 1
                    self.deferred = True
                    return
                if index >= len(wanted):
                    self.drain(0)
                    if o.status == "open" and self._send(f"cancel {o.order_id.hex()[:12]}", lambda o=o: self.client.cancel(o), order=o) is not None:
                        self.counts["cancelled"] += 1
                    continue
                target = wanted[index]
                off = abs(target - o.price) // self.tick
                # Deeper levels tolerate more drift (level i: --requote-ticks + i), so a one-tick
                # wobble of the fair price moves the best quotes only.
                if off >= a.requote_ticks + index or (o.remaining < self.size and off >= 1) or o.remaining * 2 <= self.size:
                    self.drain(0)  # the freshest view of this order right before spending it
                    if o.status != "open":
                        continue
                    if self.moves_by_cancel(o):
                        if self._send(f"cancel {o.order_id.hex()[:12]}", lambda o=o: self.client.cancel(o), order=o) is not None:
                            self.counts["cancelled"] += 1
                            self.counts["cancel_place_moves"] += 1
                            if self._send(f"place {side} {target}",
                                          lambda side=side, target=target: self.client.place(
                                              a.market, side, price_minor=target, size_minor=self.size, post_only=True)) is not None:
                                self.counts["placed"] += 1
                        continue
                    new = self._send(f"replace {o.order_id.hex()[:12]}",
                                     lambda o=o, target=target: self.client.replace(o, price_minor=target, size_minor=self.size)
                                     if self.replace_takes_minor else self.client.replace(o, price=self.info.units.format_price(target),
                                                                                            size=self.info.units.format_size(self.size)),
                                     order=o)
                    if new is not None:
                        self.counts["replaced"] += 1
            missing = wanted[len(have):]
            for price in missing:
                if len(self.mine(cancelling=True)) >= a.max_open:
                    self.counts["max_open_reached"] += 1
                    break
                if self._send(f"place {side} {price}",
                              lambda side=side, price=price: self.client.place(a.market, side, price_minor=price, size_minor=self.size,
                                                                               post_only=True)) is not None:
                    self.counts["placed"] += 1

    def moves_by_cancel(self, o: Order) -> bool:
        """Whether to move `o` by cancel + place rather than by one replace. A replace spends
        the order's output: when a block fills the order while the replace is on its way (the
        gateway may take longer than a block interval to admit it), the node refuses it with
        3010 missing_input. A cancel by order ID that arrives too late is refused with 8009
        unknown_order instead and spends no coin; the new order is funded from free coins the
        wallet knows exactly. `--requote-with auto` moves the orders a taker can reach next
        (the best level of each side of the book) by cancel + place, deeper ones by replace."""
        mode = self.args.requote_with
        if mode == "replace":
            return False
        if len(self.mine(cancelling=True)) >= self.args.max_open:  # no room for the new one beside the old
            return False
        if mode == "cancel-place":
            return True
        return self.at_top(o)

    def at_top(self, o: Order) -> bool:
        """Whether nothing that will still rest in the next block is better than `o`: no
        other participant's level, and no open order of this maker that is not being
        cancelled (an order whose cancel is on its way shields nothing)."""
        def better(price: int) -> bool:
            return price > o.price if o.side == "buy" else price < o.price
        if any(x is not o and x.side == o.side and x.status == "open" and better(x.price) for x in self.mine()):
            return False
        levels = self.book.bids if o.side == "buy" else self.book.asks
        return not any(better(price) and size > self.own_size_at(o.side, price) for price, size in levels.items())

    def explain_difference(self) -> None:
        """When the books differ: the orders the SDK still counts as live, each with what the
        node says of it (StatusQuery), and the report sequence gaps the wallet saw."""
        wallet = self.client.wallet
        print(f"  report gaps seen by the wallet: {getattr(wallet, 'report_gaps', '?')}, last report sequence "
              f"{getattr(wallet, 'report_sequence', '?')}")
        for o in self.client.open_orders():
            try:
                status = self.client.gateway.status(order_id=o.order_id)
                node = f"node: state {status.state} remaining {status.remaining_size} filled {status.filled_size} height {status.height}"
            except (GatewayError, TimeoutError) as error:
                node = f"node: {error}"
            print(f"    live in the SDK: {o!r} cancel_requested {getattr(o, 'cancel_requested', '?')} "
                  f"output {o.output_id.hex()[:12]} height {o.height} | {node}")

    def _replace_takes_minor(self) -> bool:
        """Whether Client.replace takes price_minor/size_minor (place does, per the API);
        otherwise the exact text of the minor amounts is passed (format_price is exact)."""
        try:
            parameters = inspect.signature(self.client.replace).parameters
        except (TypeError, ValueError):
            return False
        return "price_minor" in parameters

    def run(self) -> int:
        a = self.args
        units = self.info.units
        print(f"market maker: {a.market} key {self.key.public_key.hex()[:16]}… gateway {self.endpoints.gateway} "
              f"levels {a.levels} spread {a.spread_ticks} ticks size {units.format_size(self.size)} "
              f"reference {units.format_price(self.reference)} for {a.seconds} s", flush=True)
        self.bucket.take(10)
        self.client.sync()
        self.client.subscribe()
        self.start_base = sum(self.client.wallet.balances().get(self.info.base.symbol, (0, 0)))
        time.sleep(0.3)  # the feed subscription reaches the publisher
        self.book.resync()
        started = time.monotonic()
        deadline = started + a.seconds
        dirty, last_event, last_quote, disagree_since = True, 0.0, 0.0, None
        refresh = a.refresh_s
        last_print = started
        while time.monotonic() < deadline and not self.stopping:
            if self.drain(0):
                dirty, last_event = True, time.monotonic()
            if self.book.poll(timeout_ms=5):
                dirty, last_event = True, time.monotonic()
            now = time.monotonic()
            due = dirty and now - last_event >= a.settle_ms / 1000
            if (due or now - last_quote >= refresh) and self.spend_window_open():
                self.drain(0)
                if not self.book_agrees():
                    disagree_since = disagree_since or now
                    if now - disagree_since < a.agree_wait_s:
                        self.counts["waits_for_reports"] += 1
                        self.drain(20)
                        continue
                    self.recover(f"the book disagreed with the own orders for {a.agree_wait_s} s")
                    self.book.resync()
                disagree_since = None
                self.requote()
                dirty, last_quote = self.deferred, time.monotonic()
                refresh = a.refresh_s * self.random.uniform(0.8, 1.2)  # seeded jitter: makers do not beat in step
            if now - last_print >= a.status_every_s:
                last_print = now
                bid, ask = self.book.best()
                print(f"[{now - started:6.1f} s] height {max(self.client.height, self.book.height)} best {units.format_price(bid) if bid else '-'} / "
                      f"{units.format_price(ask) if ask else '-'}  open {len(self.mine())}  placed {self.counts['placed']} "
                      f"replaced {self.counts['replaced']} cancelled {self.counts['cancelled']} fills {len(self.client.fills)} "
                      f"rejects {self.rejects.total}", flush=True)
        return self.finish(time.monotonic() - started)

    def finish(self, elapsed: float) -> int:
        a = self.args
        units = self.info.units
        if not a.keep_orders:
            # Let every pending order reach its block first (bounded), so the cancel-all takes
            # resting orders only and the figures settle in one block (examples/README.md).
            end = time.monotonic() + a.final_wait_s
            while any(o.status == "pending" for o in self.mine(cancelling=True)) and time.monotonic() < end:
                self.drain(100)
            self.drain(0)
            if self.mine():
                self.bucket.take(1)
                try:
                    self.client.cancel_all(market=a.market)
                    self.counts["cancel_all"] += 1
                except GatewayError as error:
                    self.rejects.gateway("cancel_all", error)
            end = time.monotonic() + a.final_wait_s
            while self.mine(cancelling=True) and time.monotonic() < end:
                self.drain(100)
        symbols = [self.info.base.symbol, self.info.quote.symbol]
        equal, table = balances_table(self.client, self.net, symbols, a.final_wait_s, self.bucket, self.drain)
        mine = [f for f in self.client.fills if f.market == a.market]
        count, base, quote = fill_figures(mine, self.base_decimals)
        makers = sum(1 for f in mine if f.is_maker)
        print()
        print(f"market maker {a.market}: {elapsed:.1f} s, height {self.client.height}")
        print(f"  orders placed     {self.counts['placed']}")
        print(f"  replaced          {self.counts['replaced']}")
        print(f"  cancelled         {self.counts['cancelled']} (+ cancel_all {self.counts['cancel_all']}), "
              f"still open {len(self.mine())}")
        print(f"  fills             {count} ({makers} as maker), volume {units.format_size(base) if base else '0'} "
              f"{self.info.base.symbol} / {fmt(quote, self.info.quote.decimals)} {self.info.quote.symbol}")
        print(f"  position          {self.signed_size(self.position())} {self.info.base.symbol} against the start "
              f"(cap {fmt(self.max_position, self.base_decimals)}; bids capped {self.counts['capped_bids']} passes, "
              f"asks {self.counts['capped_asks']}; levels the coins could not fund {self.counts['skipped_InsufficientCoins']})")
        print(f"  re-quote passes   {self.counts['requotes']}, waits for reports {self.counts['waits_for_reports']}, "
              f"passes deferred to the next block {self.counts['deferred_to_next_block']} "
              f"(spend window {a.settle_ms}-{self.spend_window_ms} ms after a block, {self.book.block_summaries} blocks seen), "
              f"fair from book/fill/reference {self.counts['fair_from_book']}/{self.counts['fair_from_fill']}/"
              f"{self.counts['fair_from_reference']}")
        print(f"  requests          {self.bucket.taken} tokens, {self.bucket.taken / max(elapsed, 1e-9):.1f}/s "
              f"(bound {a.max_rate}/s burst {a.burst}), throttled {self.bucket.waited_s:.2f} s")
        if self.ack_ms:
            print(f"  ack latency       median {statistics.median(self.ack_ms):.1f} ms, p90 {percentile(self.ack_ms, 0.9):.1f} ms, "
                  f"max {max(self.ack_ms):.1f} ms over {len(self.ack_ms)} requests")
        print(f"  syncs             {self.counts['syncs']} (1 at start, {self.counts['recovery_syncs']} recoveries of the maker, "
              f"{self.counts['syncs'] - 1 - self.counts['recovery_syncs']} by the SDK)")
        print(f"  timeouts          {self.counts['timeouts']}")
        print(f"  book resyncs      {self.book.resyncs}")
        print("  rejects by code:")
        print("\n".join(self.rejects.lines()))
        races, bookkeeping = self.rejects.classify()
        print(f"  stale-coin rejects {len(self.rejects.stale)} ({races} lost a race to a block's fill, "
              f"{bookkeeping} other)")
        for line in self.rejects.stale:
            print(f"    {line}")
        print("  balances (SDK bookkeeping | node's Balances):")
        print("\n".join(table))
        if not equal:
            self.explain_difference()
        print(f"MM_SUMMARY {json.dumps({'placed': self.counts['placed'], 'replaced': self.counts['replaced'], 'cancelled': self.counts['cancelled'], 'fills': count, 'base_volume': base, 'quote_volume': quote, 'rejects': self.rejects.total, 'stale': len(self.rejects.stale), 'stale_races': races, 'cancel_place_moves': self.counts['cancel_place_moves'], 'syncs': self.counts['syncs'], 'recovery_syncs': self.counts['recovery_syncs'], 'balances_equal': equal, 'ack_ms_median': round(statistics.median(self.ack_ms), 2) if self.ack_ms else None, 'ack_ms_max': round(max(self.ack_ms), 2) if self.ack_ms else None, 'requests_per_s': round(self.bucket.taken / max(elapsed, 1e-9), 1)})}")
        self.client.close()
        self.book.close()
        failed = []
        if not equal:
            failed.append("the SDK's balances differ from the node's")
        if self.rejects.stale:
            failed.append(f"{len(self.rejects.stale)} stale-coin rejects")
        if failed:
            print("FAILED: " + "; ".join(failed))
            return 1
        return 0


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--dir", default="devnet", help="devnet folder: genesis.json, node.json, keys/")
    parser.add_argument("--port-base", type=int, default=None,
                        help="devnet port base (gateway +10, feeds +20/+21); default: the folder's node.json")
    parser.add_argument("--key", default="1", help="trader number (keys/trader-N.key) or a key file")
    parser.add_argument("--market", default="BTC-USDT")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--levels", type=int, default=3, help="orders a side")
    parser.add_argument("--spread-ticks", type=int, default=10, help="best bid to best ask, in ticks")
    parser.add_argument("--level-ticks", type=int, default=5, help="distance between levels, in ticks")
    parser.add_argument("--size", default="0.01", help="order size in base units")
    parser.add_argument("--reference-price", default="30000.00", help="fair price before any book or fill, quote units")
    parser.add_argument("--seed", type=int, default=1, help="seeds the jitter of the periodic re-quote")
    parser.add_argument("--max-position", default=None, help="base units long or short before a side stops (default 4 x levels x size)")
    parser.add_argument("--skew-ticks", type=int, default=10, help="quote shift at the position cap, in ticks")
    parser.add_argument("--requote-ticks", type=int, default=2, help="move a best-level order when its target is this many ticks away (level i: this + i)")
    parser.add_argument("--requote-with", choices=("auto", "replace", "cancel-place"), default="auto",
                        help="how orders move: auto = the best level by cancel + place, deeper levels by replace")
    parser.add_argument("--max-open", type=int, default=None, help="open orders at most (default 2 x levels + 2)")
    parser.add_argument("--max-rate", type=float, default=50.0, help="requests per second at most (gateway: 1000)")
    parser.add_argument("--burst", type=int, default=20, help="requests at once at most (gateway: 2000)")
    parser.add_argument("--settle-ms", type=int, default=20,
                        help="quiet time after a block, a book change or a report before re-quoting")
    parser.add_argument("--spend-window-ms", type=int, default=None,
                        help="replace or cancel only this long after a block arrived (default: half the block interval)")
    parser.add_argument("--refresh-s", type=float, default=1.0, help="re-quote at least this often")
    parser.add_argument("--agree-wait-s", type=float, default=2.0, help="wait this long for reports before a recovery sync")
    parser.add_argument("--final-wait-s", type=float, default=10.0, help="bound on the end's waits for reports and balances")
    parser.add_argument("--status-every-s", type=float, default=5.0)
    parser.add_argument("--timeout-ms", type=int, default=5000, help="bound on each request's answer")
    parser.add_argument("--keep-orders", action="store_true", help="leave the quotes resting at the end")
    parser.add_argument("--quiet", action="store_true", help="no line per fill")
    parser.add_argument("--trace", default=None, help="write every request and report to this file")
    args = parser.parse_args(argv)
    if args.levels < 1 or args.spread_ticks < 1 or args.level_ticks < 1:
        parser.error("--levels, --spread-ticks and --level-ticks must be at least 1")
    args.max_open = args.max_open or 2 * args.levels + 2
    Decimal(args.size), Decimal(args.reference_price)  # text, parsed exactly by MarketUnits later
    return args


def main(argv=None) -> int:
    maker = MarketMaker(arguments(argv))

    def stop(signum, frame):
        maker.stopping = True
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        return maker.run()
    except (SubscriptionEnded, TimeoutError, GatewayError) as error:  # the node went away or refused a query
        print(f"market maker stopped: {type(error).__name__}: {error}", flush=True)
        return 2


if __name__ == "__main__":
    sys.exit(main())
