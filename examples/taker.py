#!/usr/bin/env python3
"""A taker for demos and tests: a counterparty for examples/market_maker.py, through the SDK.

Every 0.5–1 s (seeded-random) it sends an immediate-or-cancel order that crosses the best
quote on the other side of the L2 book (it follows the book with BookFollower): a buy at
the best ask or a sell at the best bid, sides alternating (`--sides random`: seeded coin
flips; `--sides buy` or `sell`: one side only, to push the maker to its position cap). Its coins come from the reports (one `sync()` at start). It prints each fill, and at
the end its orders, fills, volume, rejects by code and balances (SDK | node). Exit status 1
when a stale-coin reject happened or the balances differ.

    python3 examples/taker.py --dir devnet --key 2 --seconds 60
"""
import argparse
import collections
import json
import os
import random
import signal
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from market_maker import (Book, Endpoints, Rejects, TokenBucket, balances_table, fill_figures, fmt, is_stale_coin,  # noqa: E402
                          load_key, percentile)
from lodestone import Client, GatewayError, InsufficientCoins, Network, OrderRefused, UnitsError  # noqa: E402


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--dir", default="devnet")
    parser.add_argument("--port-base", type=int, default=None)
    parser.add_argument("--key", default="2", help="trader number (keys/trader-N.key) or a key file")
    parser.add_argument("--market", default="BTC-USDT")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--size", default="0.005", help="order size in base units")
    parser.add_argument("--min-interval", type=float, default=0.5)
    parser.add_argument("--max-interval", type=float, default=1.0)
    parser.add_argument("--sides", choices=("alternate", "random", "buy", "sell"), default="alternate",
                        help="alternate, seeded coin flips, or one side only (pushes the maker to its position cap)")
    parser.add_argument("--resting", action="store_true", help="small resting (good-till-cancel) orders instead of IOC")
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--timeout-ms", type=int, default=5000)
    parser.add_argument("--final-wait-s", type=float, default=10.0)
    parser.add_argument("--quiet", action="store_true")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    a = arguments(argv)
    net = Network.from_genesis_file(os.path.join(a.dir, "genesis.json"))
    info = net.markets[a.market]
    units = info.units
    size = units.size(a.size)
    endpoints = Endpoints.find(a.dir, a.port_base)
    key = load_key(a.dir, a.key)
    client = Client(net, key, gateway=endpoints.gateway, timeout_ms=a.timeout_ms)
    book = Book(endpoints.feed, endpoints.snapshot, a.market)
    bucket = TokenBucket(20.0, 5)
    rng = random.Random(a.seed)
    rejects = Rejects()
    counts = collections.Counter()
    ack_ms = []
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(1))

    print(f"taker: {a.market} key {key.public_key.hex()[:16]}… {'resting' if a.resting else 'IOC'} "
          f"{units.format_size(size)} every {a.min_interval}-{a.max_interval} s for {a.seconds} s", flush=True)
    bucket.take(10)
    client.sync()
    counts["syncs"] += 1
    client.subscribe()
    time.sleep(0.3)
    book.resync()
    fills_seen = 0

    def drain(timeout_ms=0):
        nonlocal fills_seen
        for report in client.poll(timeout_ms=timeout_ms):
            if report.WhichOneof("kind") == "dropped":
                rejects.dropped(report)
        for fill in client.fills[fills_seen:]:
            if not a.quiet:
                print(f"taker fill {fill.side:4} {units.format_size(fill.size)} @ {units.format_price(fill.price)} "
                      f"fee {fill.fee} height {fill.height}", flush=True)
        fills_seen = len(client.fills)

    started = time.monotonic()
    deadline = started + a.seconds
    side = "buy" if rng.random() < 0.5 else "sell"
    next_at = started + rng.uniform(a.min_interval, a.max_interval)
    while time.monotonic() < deadline and not stopping:
        drain(0)
        book.poll(timeout_ms=20)
        if time.monotonic() < next_at:
            continue
        next_at = time.monotonic() + rng.uniform(a.min_interval, a.max_interval)
        if a.sides == "alternate":
            side = "sell" if side == "buy" else "buy"
        elif a.sides == "random":
            side = rng.choice(("buy", "sell"))
        else:
            side = a.sides
        bid, ask = book.best()
        price = ask if side == "buy" else bid
        if price is None:
            counts["no_quote"] += 1
            continue
        bucket.take(1)
        started_request = time.perf_counter()
        try:
            client.place(a.market, side, price_minor=price, size_minor=size, ioc=not a.resting)
            counts["orders"] += 1
            ack_ms.append((time.perf_counter() - started_request) * 1000)
        except GatewayError as error:
            rejects.gateway(f"place {side} {price}", error)
            print(f"taker reject: {error}", flush=True)
            if is_stale_coin(error):
                counts["syncs"] += 1
                bucket.take(10)
                client.sync()
        except (InsufficientCoins, UnitsError, OrderRefused) as error:
            rejects.sdk(error)
            print(f"taker refused by the SDK: {error}", flush=True)
    elapsed = time.monotonic() - started
    if a.resting:
        # Pending orders reach their block first (bounded), as in market_maker.py.
        end = time.monotonic() + a.final_wait_s
        while any(o.status == "pending" for o in client.open_orders(a.market)) and time.monotonic() < end:
            drain(100)
        drain(0)
        if client.open_orders(a.market):
            bucket.take(1)
            client.cancel_all(market=a.market)
    end = time.monotonic() + a.final_wait_s
    while any(o.status == "pending" for o in client.open_orders(a.market)) and time.monotonic() < end:
        drain(100)
    equal, table = balances_table(client, net, [info.base.symbol, info.quote.symbol], a.final_wait_s, bucket, drain)
    fills = [f for f in client.fills if f.market == a.market]
    count, base, quote = fill_figures(fills, units.market.base_decimals)
    print()
    print(f"taker {a.market}: {elapsed:.1f} s")
    print(f"  orders sent       {counts['orders']} (no quote to cross {counts['no_quote']} times)")
    print(f"  fills             {count}, volume {units.format_size(base) if base else '0'} {info.base.symbol} / "
          f"{fmt(quote, info.quote.decimals)} {info.quote.symbol}")
    if ack_ms:
        print(f"  ack latency       median {statistics.median(ack_ms):.1f} ms, p90 {percentile(ack_ms, 0.9):.1f} ms, max {max(ack_ms):.1f} ms")
    print(f"  syncs             {counts['syncs']}")
    print("  rejects by code:")
    print("\n".join(rejects.lines()))
    print(f"  stale-coin rejects {len(rejects.stale)}")
    for line in rejects.stale:
        print(f"    {line}")
    print("  balances (SDK bookkeeping | node's Balances):")
    print("\n".join(table))
    print(f"TAKER_SUMMARY {json.dumps({'orders': counts['orders'], 'fills': count, 'base_volume': base, 'quote_volume': quote, 'rejects': rejects.total, 'stale': len(rejects.stale), 'balances_equal': equal})}")
    client.close()
    book.close()
    if rejects.stale or not equal:
        print("FAILED: " + ("stale-coin rejects; " if rejects.stale else "") + ("" if equal else "balances differ"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
