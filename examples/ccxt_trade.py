#!/usr/bin/env python3
"""A CCXT-style session on a Lodestone devnet, with unified methods only: two exchange
instances (a maker and a taker, traders 1 and 2 of the devnet) trade BTC/USDT.

    python examples/ccxt_trade.py --dir DEVNET --port-base 8101

Steps: load_markets, fetch_balance, the taker watches the book (snapshot), the maker rests a
post-only sell, watch_order_book sees it, the taker fetches the book and crosses it with an
IOC buy, fetch_my_trades on both, fetch_order of the filled sell, edit_order of a resting
order, cancel_order, cancel_all_orders, fetch_open_orders (empty), and a final fetch_balance
whose change is exactly the trade and its fees. One line per step; exit status 1 on any
failure (the line `FAIL <step>: <why>` says which)."""
import argparse
import os
import sys
import time
import traceback
from decimal import Decimal

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python"))
import ccxt  # noqa: E402

from lodestone.ccxt_exchange import Lodestone  # noqa: E402

SYMBOL = "BTC/USDT"
ASK_PRICE, BID_PRICE, SIZE = "30000.00", "30005.00", "0.01"   # the taker crosses 5 USDT through the ask


class Failure(Exception):
    pass


def line(step: str, text: str) -> None:
    print(f"{step}: {text}", flush=True)


def until(check, what: str, seconds: float = 20.0, pause: float = 0.1):
    """Polls `check` until it returns something true; Failure after `seconds`."""
    deadline = time.monotonic() + seconds
    value = None
    while time.monotonic() < deadline:
        try:
            value = check()
        except ccxt.RateLimitExceeded:
            value = None
        if value:
            return value
        time.sleep(pause)
    raise Failure(f"timed out after {seconds} s waiting for {what} (last: {value!r})")


def exact(balance: dict, asset: str) -> tuple:
    """(free, used, total) of `asset` in minor units, from the balance's info (exact)."""
    figures = balance["info"]["assets"].get(asset, {"free": 0, "in_orders": 0, "pending_in": 0, "pending_out": 0})
    return figures["free"], figures["in_orders"], figures["pending_in"], figures["pending_out"]


def settled(exchange: Lodestone) -> dict:
    """A balance with nothing pooled and nothing resting: every order of ours is finished."""
    balance = exchange.fetch_balance()
    quiet = all(f["pending_in"] == 0 and f["pending_out"] == 0 and f["in_orders"] == 0
                for f in balance["info"]["assets"].values())
    return balance if quiet else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="the devnet directory (genesis.json, keys/)")
    parser.add_argument("--port-base", type=int, required=True, help="the devnet's --port-base")
    parser.add_argument("--maker", default="1", help="trader number of the maker")
    parser.add_argument("--taker", default="2", help="trader number of the taker")
    args = parser.parse_args()

    def config(trader: str) -> dict:
        return {"genesis": os.path.join(args.dir, "genesis.json"),
                "gateway": f"tcp://127.0.0.1:{args.port_base + 10}",
                "feed": f"tcp://127.0.0.1:{args.port_base + 20}",
                "snapshot": f"tcp://127.0.0.1:{args.port_base + 21}",
                "keyFile": os.path.join(args.dir, "keys", f"trader-{trader}.key"), "timeout": 10000}

    maker, taker = Lodestone(config(args.maker)), Lodestone(config(args.taker))
    step = "setup"
    started = time.monotonic()
    try:
        step = "load_markets"
        markets = maker.load_markets()
        taker.load_markets()
        market = maker.market(SYMBOL)
        line(step, f"{len(markets)} markets {sorted(markets)}; {SYMBOL} id {market['id']} tick "
                   f"{market['precision']['price']} lot {market['precision']['amount']} min "
                   f"{market['limits']['amount']['min']} maker {market['maker']} taker {market['taker']}")
        info = market["info"]
        base, quote = market["base"], market["quote"]

        step = "fetch_balance"
        maker_start, taker_start = settled(maker) or maker.fetch_balance(), settled(taker) or taker.fetch_balance()
        for name, balance in (("maker", maker_start), ("taker", taker_start)):
            line(step, f"{name} {base} total {balance['total'].get(base)} {quote} total {balance['total'].get(quote)} "
                       f"exact {base} {exact(balance, base)} {quote} {exact(balance, quote)}")
        if exact(maker_start, base)[1:] != (0, 0, 0) or exact(taker_start, quote)[1:] != (0, 0, 0):
            raise Failure("the traders start with orders or pooled transactions; use a fresh devnet")

        step = "watch_order_book"
        book = taker.watch_order_book(SYMBOL)
        line(step, f"snapshot nonce {book['nonce']}: {len(book['bids'])} bids {len(book['asks'])} asks")

        step = "create_order maker"
        ask = maker.create_order(SYMBOL, "limit", "sell", SIZE, ASK_PRICE, {"postOnly": True})
        line(step, f"sell {ask['amount']} @ {ask['price']} postOnly id {ask['id']} status {ask['status']}")

        step = "watch_order_book"
        price = float(ASK_PRICE)

        def ask_seen():
            seen = taker.watch_order_book(SYMBOL, params={"timeout": 5000})
            return seen if any(level[0] == price for level in seen["asks"]) else None
        book = until(ask_seen, "the ask on the L2 feed", seconds=20, pause=0)
        line(step, f"update nonce {book['nonce']}: best ask {book['asks'][0]} (exact {book['info']['asks'][0]})")

        step = "fetch_order_book"
        snapshot = taker.fetch_order_book(SYMBOL, 5)
        best_ask = snapshot["asks"][0]
        line(step, f"nonce {snapshot['nonce']} best ask {best_ask} best bid {snapshot['bids'][0] if snapshot['bids'] else None}")
        if best_ask[0] != price:
            raise Failure(f"the best ask is {best_ask}, not the maker's {ASK_PRICE}")

        step = "create_order taker"
        # The taker passes floats, as CCXT code usually does: read by their shortest repr, exactly.
        bid = taker.create_order(SYMBOL, "limit", "buy", float(SIZE), float(BID_PRICE), {"timeInForce": "IOC"})
        line(step, f"buy {bid['amount']} @ {bid['price']} IOC id {bid['id']} status {bid['status']}")

        step = "fetch_my_trades"
        maker_trades = until(lambda: maker.fetch_my_trades(SYMBOL, params={"wait": 200}), "the maker's fill")
        taker_trades = until(lambda: taker.fetch_my_trades(SYMBOL, params={"wait": 200}), "the taker's fill")
        for name, trades in (("maker", maker_trades), ("taker", taker_trades)):
            for trade in trades:
                line(step, f"{name} {trade['side']} {trade['amount']} @ {trade['price']} cost {trade['cost']} "
                           f"{trade['takerOrMaker']} fee {trade['fee']['cost']} {trade['fee']['currency']} "
                           f"exact size {trade['info']['size']} price {trade['info']['price']} fee {trade['info']['fee']}")
        sold, bought = maker_trades[0]["info"], taker_trades[0]["info"]
        if (len(maker_trades), len(taker_trades)) != (1, 1) or sold["size"] != bought["size"] or sold["price"] != bought["price"]:
            raise Failure(f"want one trade each, same size and price: {maker_trades} {taker_trades}")
        if sold["price"] != int(Decimal(ASK_PRICE) * 10 ** info["quote_decimals"]):
            raise Failure(f"the trade is at {sold['price']}, not the maker's price")

        step = "fetch_order"
        filled = until(lambda: (lambda o: o if o["status"] == "closed" else None)(maker.fetch_order(ask["id"], SYMBOL)),
                       "the maker's order closed")
        line(step, f"maker {filled['id'][:16]} status {filled['status']} filled {filled['filled']} remaining {filled['remaining']}")

        step = "edit_order"
        resting = maker.create_order(SYMBOL, "limit", "sell", SIZE, "31000.00", {"postOnly": True, "clientOrderId": "ccxt-rest-1"})
        until(lambda: maker.fetch_order(resting["id"], SYMBOL)["info"].get("status") == "open", "the resting order in a block")
        edited = maker.edit_order(resting["id"], SYMBOL, "limit", "sell", None, "31100.00")
        line(step, f"{resting['id'][:16]} @ {resting['price']} -> {edited['id'][:16]} @ {edited['price']} amount {edited['amount']} status {edited['status']}")
        until(lambda: maker.fetch_order(edited["id"], SYMBOL)["info"].get("status") == "open", "the edited order in a block")
        old = maker.fetch_order(resting["id"], SYMBOL)
        if old["status"] != "canceled":
            raise Failure(f"the replaced order is {old['status']}, not canceled")

        step = "cancel_order"
        maker.cancel_order(edited["id"], SYMBOL)
        cancelled = until(lambda: (lambda o: o if o["status"] == "canceled" else None)(maker.fetch_order(edited["id"], SYMBOL)),
                          "the cancel in a block")
        line(step, f"{cancelled['id'][:16]} status {cancelled['status']} remaining {cancelled['remaining']}")

        step = "cancel_all_orders"
        one = maker.create_order(SYMBOL, "limit", "buy", SIZE, "29000.00", {"postOnly": True})
        two = maker.create_order(SYMBOL, "limit", "sell", "0.02", "32000.00", {"postOnly": True})
        until(lambda: all(maker.fetch_order(o["id"], SYMBOL)["info"].get("status") == "open" for o in (one, two)),
              "two resting orders")
        listed = sorted(o["id"] for o in maker.fetch_open_orders(SYMBOL))
        if listed != sorted((one["id"], two["id"])):
            raise Failure(f"fetch_open_orders lists {listed}, not the two resting orders")
        line("fetch_open_orders", f"maker {len(listed)} resting: {', '.join(i[:16] for i in listed)}")
        result = maker.cancel_all_orders(SYMBOL)
        until(lambda: all(maker.fetch_order(o["id"], SYMBOL)["status"] == "canceled" for o in (one, two)),
              "both orders cancelled")
        line(step, f"sent for {len(result)} open orders; both cancelled")

        step = "fetch_open_orders"
        until(lambda: not maker.fetch_open_orders(SYMBOL) and not taker.fetch_open_orders(), "no open order")
        line(step, f"maker {len(maker.fetch_open_orders())} taker {len(taker.fetch_open_orders())}")

        step = "watch_order_book"
        book = taker.watch_order_book(SYMBOL, params={"timeout": 5000})
        book = taker.fetch_order_book(SYMBOL)
        line(step, f"nonce {book['nonce']}: {len(book['asks'])} asks; none of ours: "
                   f"{not any(level[0] in (30000.0, 31000.0, 31100.0, 32000.0) for level in book['asks'])}")

        step = "errors"
        refusals = [
            ("market order", lambda: taker.create_order(SYMBOL, "market", "buy", 0.01), ccxt.NotSupported),
            ("price off the tick", lambda: taker.create_order(SYMBOL, "limit", "buy", 0.01, 30000.001), ccxt.InvalidOrder),
            ("size off the lot", lambda: taker.create_order(SYMBOL, "limit", "buy", 0.00015, 30000), ccxt.InvalidOrder),
            ("float noise", lambda: taker.create_order(SYMBOL, "limit", "buy", 0.1 + 0.2, 30000), ccxt.InvalidOrder),
            ("more BTC than held", lambda: maker.create_order(SYMBOL, "limit", "sell", "1000", "30000"), ccxt.InsufficientFunds),
            ("cancel of no order", lambda: maker.cancel_order("00" * 32, SYMBOL), ccxt.OrderNotFound),
            ("fetch of no order", lambda: maker.fetch_order("00" * 32, SYMBOL), ccxt.OrderNotFound),
        ]
        for what, call, kind in refusals:
            try:
                call()
            except kind as refusal:
                line(step, f"{what}: {type(refusal).__name__}: {refusal}")
            else:
                raise Failure(f"{what} was not refused with {kind.__name__}")

        step = "fetch_balance"
        maker_end, taker_end = until(lambda: settled(maker), "the maker settled"), until(lambda: settled(taker), "the taker settled")
        unit = 10 ** info["base_decimals"]
        value = sold["size"] * sold["price"] // unit
        expected = {("maker", base): -sold["size"], ("maker", quote): value - sold["fee"],
                    ("taker", base): bought["size"] - bought["fee"], ("taker", quote): -value}
        maker_fee = -(-value * info["maker_fee_bps"] // 10_000)
        taker_fee = -(-bought["size"] * info["taker_fee_bps"] // 10_000)
        if (sold["fee"], bought["fee"]) != (maker_fee, taker_fee):
            raise Failure(f"fees {sold['fee']}, {bought['fee']} are not ceil(bps) {maker_fee}, {taker_fee}")
        for (name, asset), delta in expected.items():
            start, end = (maker_start, maker_end) if name == "maker" else (taker_start, taker_end)
            moved = exact(end, asset)[0] - exact(start, asset)[0]
            line(step, f"{name} {asset} moved {moved} minor units (expected {delta}); total {end['total'].get(asset)}")
            if moved != delta:
                raise Failure(f"{name} {asset} moved {moved}, not {delta}")
        line("done", f"ok in {time.monotonic() - started:.1f} s")
        return 0
    except Exception as error:  # noqa: BLE001 - every failure ends the run with its step
        traceback.print_exc(file=sys.stderr)
        print(f"FAIL {step}: {type(error).__name__}: {error}", flush=True)
        return 1
    finally:
        maker.close()
        taker.close()


if __name__ == "__main__":
    sys.exit(main())
