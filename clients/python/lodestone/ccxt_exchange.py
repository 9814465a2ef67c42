"""A CCXT exchange for a Lodestone node: `Lodestone(ccxt.Exchange)`, the synchronous
unified API over the SDK (`lodestone.Client`, `lodestone.Network`, `lodestone.BookFollower`).

    import ccxt
    from lodestone.ccxt_exchange import Lodestone
    ex = Lodestone({"genesis": "devnet/genesis.json", "gateway": "tcp://127.0.0.1:7411",
                    "feed": "tcp://127.0.0.1:7421", "snapshot": "tcp://127.0.0.1:7422",
                    "keyFile": "devnet/keys/trader-1.key"})   # or "secret": "<64 hex>"
    ex.load_markets()
    ex.create_order("BTC/USDT", "limit", "sell", 0.01, 30010.0, {"postOnly": True})

Numbers at the edge: CCXT hands floats or strings. A str or Decimal is taken as written
(`str(x)`, scientific notation spelled out exactly), a float by its shortest repr
(`repr(x)`: 0.1 is "0.1"), then parsed EXACTLY by the market's units (docs/MARKETS.md):
a price off the tick, a size off the lot or under the minimum, more decimals than the asset
has, is refused with ccxt.InvalidOrder naming the rule and its code (5101-5107), never
rounded. Out, the unified fields are floats (the CCXT convention) and `info` keeps the
exact integers (minor units) and the SDK objects / protobuf messages they came from.

Errors: every refusal is a ccxt exception whose message starts with
`lodestone <name> (<code>)`: see `error_class` for the mapping.
"""
from __future__ import annotations

import time
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, List, Optional, Tuple, Union

import ccxt
from ccxt.base.decimal_to_precision import TICK_SIZE

from .book import BookFollower
from .encoding import MarketDefinition, OrderRefused, cancel_message
from .gateway import GatewayClient, GatewayError, SubscriptionEnded
from .keys import SigningKey
from .proto import order_entry
from .units import MarketUnits, UnitsError

Number = Union[str, float, int, Decimal]

# ---------------------------------------------------------------------------- the edge


def human_text(value: Any, what: str = "value") -> str:
    """A CCXT number as the decimal text the market's units parse: str and Decimal as
    written (`str(x)`), a float by its shortest repr (`repr(x)`), an int in digits.
    Scientific notation (`1e-05`, `Decimal("1E+2")`) is spelled out exactly; negative,
    NaN, infinite and bool values are refused with ccxt.InvalidOrder (units_malformed 5101)."""
    if isinstance(value, bool) or value is None:
        raise ccxt.InvalidOrder(f"lodestone units_malformed (5101): {what} {value!r} is not a number")
    if isinstance(value, float):
        text = repr(value)
    elif isinstance(value, (int, str, Decimal)):
        text = str(value)
    else:
        raise ccxt.InvalidOrder(f"lodestone units_malformed (5101): {what} {value!r} is not a str, Decimal, float or int")
    text = text.strip()
    if "e" in text or "E" in text or text.lower() in ("nan", "inf", "-inf", "infinity", "-infinity", "+inf"):
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ccxt.InvalidOrder(f"lodestone units_malformed (5101): {what} {text!r} is not a decimal number") from None
        if not number.is_finite():
            raise ccxt.InvalidOrder(f"lodestone units_malformed (5101): {what} {text!r} is not finite")
        text = format(number, "f")
    if text.startswith("-"):
        raise ccxt.InvalidOrder(f"lodestone units_malformed (5101): {what} {text!r} is negative")
    if text.startswith("+"):
        text = text[1:]
    return text


def parse_price(units: MarketUnits, value: Any) -> int:
    """A CCXT price -> quote minor units per whole base unit, exactly; InvalidOrder names the rule."""
    try:
        return units.price(human_text(value, "price"))
    except UnitsError as error:
        raise ccxt.InvalidOrder(f"lodestone {error}") from error


def parse_size(units: MarketUnits, value: Any) -> int:
    """A CCXT amount -> base minor units, exactly; InvalidOrder names the rule."""
    try:
        return units.size(human_text(value, "amount"))
    except UnitsError as error:
        raise ccxt.InvalidOrder(f"lodestone {error}") from error


def decimal_text(minor: int, decimals: int) -> str:
    """`minor` units as a plain decimal string (no grouping, no trailing zeros): the exact
    value CCXT's string arithmetic reads before it makes the unified floats."""
    if decimals == 0:
        return str(minor)
    whole, fraction = divmod(minor, 10 ** decimals)
    digits = str(fraction).rjust(decimals, "0").rstrip("0")
    return f"{whole}.{digits}" if digits else str(whole)


def ccxt_symbol(market_id: str) -> str:
    """"BTC-USDT" -> "BTC/USDT"."""
    base, dash, quote = market_id.partition("-")
    if not dash or not base or not quote:
        raise ccxt.BadSymbol(f"lodestone: market {market_id!r} is not <base>-<quote>")
    return f"{base}/{quote}"


def market_id(symbol: str) -> str:
    """"BTC/USDT" -> "BTC-USDT" (a market ID is passed through)."""
    if "-" in symbol and "/" not in symbol:
        return symbol
    base, slash, quote = symbol.partition("/")
    if not slash or not base or not quote or ":" in quote:
        raise ccxt.BadSymbol(f"lodestone: symbol {symbol!r} is not <BASE>/<QUOTE> (spot only)")
    return f"{base}-{quote}"


def units_of(definition: MarketDefinition) -> MarketUnits:
    return MarketUnits(definition)


def market_structure(definition: MarketDefinition, index: int, base_id: str = None, quote_id: str = None) -> dict:
    """The CCXT market of a market definition (genesis or market file): precision in
    TICK_SIZE mode (price step = tick, amount step = lot, in whole units), limits from the
    minimum size and the price-tick bounds, maker/taker fees as fractions; `info` keeps the
    definition's integers and the market's index (genesis order)."""
    d = definition
    base_unit = 10 ** d.base_decimals
    lowest = (d.min_price_ticks or 1) * d.tick_size
    highest = d.max_price_ticks * d.tick_size if d.max_price_ticks is not None else None
    return {
        "id": d.symbol, "symbol": ccxt_symbol(d.symbol), "base": d.base, "quote": d.quote,
        "baseId": base_id or d.base, "quoteId": quote_id or d.quote, "settle": None, "settleId": None,
        "type": "spot", "spot": True, "margin": False, "swap": False, "future": False, "option": False,
        "contract": False, "linear": None, "inverse": None, "contractSize": None,
        "active": d.status == "active",
        "maker": float(Decimal(d.maker_fee_bps) / 10000), "taker": float(Decimal(d.taker_fee_bps) / 10000),
        "percentage": True, "tierBased": False, "feeSide": "get",
        "precision": {"amount": float(Decimal(d.lot_size) / base_unit),
                      "price": float(Decimal(d.tick_size) / 10 ** d.quote_decimals),
                      "base": float(Decimal(1) / base_unit), "quote": float(Decimal(1) / 10 ** d.quote_decimals)},
        "limits": {"amount": {"min": float(Decimal(d.min_size) / base_unit), "max": None},
                   "price": {"min": float(Decimal(lowest) / 10 ** d.quote_decimals),
                             "max": float(Decimal(highest) / 10 ** d.quote_decimals) if highest is not None else None},
                   "cost": {"min": None, "max": None}, "leverage": {"min": None, "max": None}},
        "created": None,
        "info": {"index": index, "symbol": d.symbol, "base": d.base, "quote": d.quote, "tick_size": d.tick_size,
                 "lot_size": d.lot_size, "min_size": d.min_size, "maker_fee_bps": d.maker_fee_bps,
                 "taker_fee_bps": d.taker_fee_bps, "base_decimals": d.base_decimals,
                 "quote_decimals": d.quote_decimals, "min_price_ticks": d.min_price_ticks,
                 "max_price_ticks": d.max_price_ticks, "status": d.status,
                 "self_trade_policy": d.self_trade_policy},
    }


# ---------------------------------------------------------------------------- errors

INSUFFICIENT_FUNDS = {3010, 3011}           # missing_input (a coin spent or unknown), unbalanced_asset
ORDER_NOT_FOUND = {8009, 4006}              # unknown_order, unknown_order_id
RATE_LIMITED = {7201, 9207}                 # rate_limited (gateway token bucket), intake_rate_limited
BUSY = {7204, 8301, 9202, 7233}             # gateway_busy, mempool_full, intake_busy, coins_unavailable
INVALID_ORDER = {8002, 8003, 8004, 8005, 8007, 8012, 8013, 8020, 8030, 4001, 4002, 4003, 4004, 4005,
                 4008, 4009, 4010, 4011, 4013, 4015, 4019, 3018}
DUPLICATE = {8011, 7202}                    # duplicate, duplicate_client_order_id
AUTHENTICATION = {3014, 8010, 8019, 8024, 7206, 2004}
CONFLICT = {8302, 8303}                     # conflict, cancel_pending: the coin or order is being spent


def error_class(code: int) -> type:
    """The ccxt exception for a Lodestone code (the actionable one: a Reject's cause_code when
    set, else its code): 3010/3011 InsufficientFunds; 8009/4006 OrderNotFound; 7201/9207
    RateLimitExceeded; 7204/8301/9202/7233 ExchangeNotAvailable (retry); the price rule and
    book refusals (8002-8005, 8007, 8012, 8013, 8020, 8030, 4xxx) InvalidOrder; 8011/7202
    DuplicateOrderId; bad signatures AuthenticationError; 8302/8303 (a pooled transaction
    already spends it) InvalidOrder; 5101-5107 InvalidOrder; anything else ExchangeError."""
    if code in INSUFFICIENT_FUNDS:
        return ccxt.InsufficientFunds
    if code in ORDER_NOT_FOUND:
        return ccxt.OrderNotFound
    if code in RATE_LIMITED:
        return ccxt.RateLimitExceeded
    if code in BUSY:
        return ccxt.ExchangeNotAvailable
    if code in DUPLICATE:
        return ccxt.DuplicateOrderId
    if code in AUTHENTICATION:
        return ccxt.AuthenticationError
    if code in INVALID_ORDER or code in CONFLICT or 5101 <= code <= 5107:
        return ccxt.InvalidOrder
    return ccxt.ExchangeError


def ccxt_error(error: BaseException) -> BaseException:
    """An SDK / gateway exception as the ccxt exception to raise (the message names the code)."""
    if isinstance(error, ccxt.BaseError):
        return error
    if isinstance(error, UnitsError):
        return ccxt.InvalidOrder(f"lodestone {error}")
    if isinstance(error, GatewayError):
        code = error.actionable_code
        prefix = f"lodestone {error.cause_name} ({code}): " if error.cause_code else "lodestone "
        return error_class(code)(f"{prefix}{error}")
    if isinstance(error, OrderRefused):
        return ccxt.InvalidOrder(f"lodestone {error.name} (price rule, docs/PROTOCOL.md 5e): {error}")
    if type(error).__name__ == "InsufficientCoins":
        return ccxt.InsufficientFunds(f"lodestone {error}")
    if isinstance(error, SubscriptionEnded):
        return ccxt.NetworkError(f"lodestone {error.name} ({error.code}): {error}")
    if isinstance(error, TimeoutError):
        return ccxt.RequestTimeout(f"lodestone timeout: {error}")
    if isinstance(error, (ValueError, TypeError)):  # e.g. a bad clientOrderId, a replace of a finished order
        return ccxt.InvalidOrder(f"lodestone: {error}")
    return ccxt.ExchangeError(f"lodestone {type(error).__name__}: {error}")


class _Mapped:
    """`with _Mapped(): ...` re-raises SDK exceptions as their ccxt exceptions."""

    def __enter__(self) -> "_Mapped":
        return self

    def __exit__(self, kind, error, trace) -> bool:
        if error is None or isinstance(error, ccxt.BaseError) or not isinstance(error, Exception):
            return False
        raise ccxt_error(error) from error


STATUS = {"pending": "open", "open": "open", "filled": "closed", "cancelled": "canceled",
          "expired": "expired", "rejected": "rejected", "replaced": "canceled"}
STATE = {order_entry.Status.STATE_PENDING: "open", order_entry.Status.STATE_RESTING: "open",
         order_entry.Status.STATE_FILLED: "closed", order_entry.Status.STATE_CANCELLED: "canceled",
         order_entry.Status.STATE_EXPIRED: "expired", order_entry.Status.STATE_UNKNOWN: None,
         order_entry.Status.STATE_COMMITTED: "open"}


# ---------------------------------------------------------------------------- the exchange


class Lodestone(ccxt.Exchange):
    """CCXT's synchronous unified API on a Lodestone node (spot, limit orders only).

    Config: `genesis` (path of genesis.json: markets, assets, chain ID), `gateway` (order
    entry ROUTER endpoint), `feed` and `snapshot` (market data endpoints, for the order
    book), and the trading key: `keyFile` (a lodestone key file) or `secret` (64 hex). The
    public methods need no key. Option `timeout` (ms, ccxt's own) bounds every gateway wait."""

    def describe(self) -> dict:
        return self.deep_extend(super().describe(), {
            "id": "lodestone", "name": "Lodestone", "countries": [], "version": "v1", "rateLimit": 0,
            "pro": False, "certified": False, "dex": True,
            "precisionMode": TICK_SIZE,
            "requiredCredentials": {"apiKey": False, "secret": False},
            "has": {"CORS": None, "spot": True, "margin": False, "swap": False, "future": False, "option": False,
                    "fetchMarkets": True, "fetchCurrencies": False, "fetchOrderBook": True, "fetchTicker": False,
                    "createOrder": True, "createMarketOrder": False, "createLimitOrder": True,
                    "createPostOnlyOrder": True, "cancelOrder": True, "cancelAllOrders": True, "editOrder": True,
                    "fetchOrder": True, "fetchOpenOrders": True, "fetchOrders": False, "fetchClosedOrders": False,
                    "fetchBalance": True, "fetchMyTrades": True, "watchOrderBook": True, "fetchTrades": False,
                    "fetchOHLCV": False},
            "timeout": 5000,
            "options": {"watchTimeout": 10000},
        })

    def __init__(self, config: dict = {}) -> None:
        self.genesis: Optional[str] = None
        self.gateway: Optional[str] = None
        self.feed: Optional[str] = None
        self.snapshot: Optional[str] = None
        self.keyFile: Optional[str] = None
        super().__init__(config)
        self._network = None
        self._client = None
        self._followers: Dict[str, BookFollower] = {}
        self._seen: Dict[str, int] = {}  # market -> follower (sequence, resyncs) at the last watch return

    # -- plumbing -----------------------------------------------------------------------

    def network(self):
        """The SDK Network read from `genesis` (chain ID, assets, markets)."""
        if self._network is None:
            if not self.genesis:
                raise ccxt.ArgumentsRequired("lodestone: the config needs 'genesis' (the path of genesis.json)")
            import lodestone
            with _Mapped():
                self._network = lodestone.Network.from_genesis_file(self.genesis)
        return self._network

    def signing_key(self) -> SigningKey:
        if self.keyFile:
            return SigningKey.from_file(self.keyFile)
        if self.secret:
            try:
                return SigningKey(bytes.fromhex(self.secret))
            except ValueError as error:
                raise ccxt.AuthenticationError(f"lodestone: 'secret' is not a 32-byte hex secret: {error}") from None
        raise ccxt.AuthenticationError("lodestone: the config needs 'keyFile' or 'secret' for private methods")

    def client(self):
        """The SDK Client of the key: synced (wallet and resting orders) and subscribed to its
        execution reports on first use."""
        if self._client is None:
            if not self.gateway:
                raise ccxt.ArgumentsRequired("lodestone: the config needs 'gateway' (the order entry endpoint)")
            import lodestone
            with _Mapped():
                client = lodestone.Client(self.network(), self.signing_key(), gateway=self.gateway,
                                          timeout_ms=int(self.timeout))
                client.subscribe()
                client.sync()
            self._client = client
        with _Mapped():
            self._client.poll(timeout_ms=0)  # apply every report that arrived meanwhile
        return self._client

    def queries(self) -> GatewayClient:
        """The SDK client's gateway connection, for the queries the SDK does not expose by ID
        (a StatusQuery of an order it does not know, the CoinsQuery walk)."""
        return self.client().gateway

    def close(self, clean_instance_data: bool = False) -> None:
        """Closes the gateway connection and book followers of this instance, then ccxt's own
        resources (ccxt's `__del__` calls it too, so it tolerates a half-built instance)."""
        for follower in getattr(self, "_followers", {}).values():
            follower.close()
        if getattr(self, "_followers", None):
            self._followers.clear()
        if getattr(self, "_client", None) is not None:
            self._client.close()
            self._client = None
        super().close(clean_instance_data)

    def info_of(self, symbol: str):
        """The SDK MarketInfo of a CCXT symbol ("BTC/USDT") or market ID ("BTC-USDT")."""
        name = market_id(symbol)
        info = self.network().markets.get(name)
        if info is None:
            raise ccxt.BadSymbol(f"lodestone: no market {name} in the genesis")
        return info

    # -- markets ------------------------------------------------------------------------

    def fetch_markets(self, params: dict = {}) -> List[dict]:
        """The genesis's markets (the market files the chain was started with)."""
        result = []
        for name, info in self.network().markets.items():
            result.append(market_structure(info.definition, info.index, info.base.id.hex(), info.quote.id.hex()))
        return result

    # -- order book ---------------------------------------------------------------------

    def _book(self, symbol: str, bids: Dict[int, int], asks: Dict[int, int], limit: Optional[int],
              sequence: int, height: Optional[int]) -> dict:
        info = self.info_of(symbol)
        quote_decimals, base_decimals = info.definition.quote_decimals, info.definition.base_decimals
        ordered_bids = sorted(bids.items(), reverse=True)[:limit] if limit else sorted(bids.items(), reverse=True)
        ordered_asks = sorted(asks.items())[:limit] if limit else sorted(asks.items())
        return {
            "symbol": ccxt_symbol(info.symbol),
            "bids": [[float(decimal_text(p, quote_decimals)), float(decimal_text(s, base_decimals))] for p, s in ordered_bids],
            "asks": [[float(decimal_text(p, quote_decimals)), float(decimal_text(s, base_decimals))] for p, s in ordered_asks],
            "timestamp": None, "datetime": None, "nonce": sequence,
            "info": {"market": info.symbol, "sequence": sequence, "height": height,
                     "bids": [[p, s] for p, s in ordered_bids], "asks": [[p, s] for p, s in ordered_asks]},
        }

    def _snapshot_endpoints(self) -> Tuple[str, str]:
        if not self.feed or not self.snapshot:
            raise ccxt.ArgumentsRequired("lodestone: the config needs 'feed' and 'snapshot' for the order book")
        return self.feed, self.snapshot

    def fetch_order_book(self, symbol: str, limit: Optional[int] = None, params: dict = {}) -> dict:
        """The L2 book from a snapshot (docs/PROTOCOL.md 8.4); `nonce` is its feed sequence."""
        info = self.info_of(symbol)
        feed, snapshot = self._snapshot_endpoints()
        follower = BookFollower(feed, snapshot, info.symbol)
        try:
            with _Mapped():
                follower.resync(timeout_ms=int(self.timeout))
            return self._book(symbol, follower.bids, follower.asks, limit, follower.sequence, None)
        finally:
            follower.close()

    def watch_order_book(self, symbol: str, limit: Optional[int] = None, params: dict = {}) -> dict:
        """Blocking: the first call for a market subscribes to its L2 feed, takes a snapshot and
        returns that book; each later call returns the book once at least one update (or a
        gap repair from a new snapshot) was applied after the previous return. Updates are
        buffered between calls, so `while True: ob = ex.watch_order_book(s)` misses none.
        `params["timeout"]` (ms, default options["watchTimeout"] 10 s) bounds the wait:
        ccxt.RequestTimeout when nothing changed within it."""
        info = self.info_of(symbol)
        timeout_ms = int(params.get("timeout", self.options.get("watchTimeout", 10000)))
        follower = self._followers.get(info.symbol)
        if follower is None:
            feed, snapshot = self._snapshot_endpoints()
            follower = BookFollower(feed, snapshot, info.symbol)
            self._followers[info.symbol] = follower
            time.sleep(0.2)  # let the subscription reach the publisher before the snapshot
            with _Mapped():
                follower.resync(timeout_ms=int(self.timeout))
            follower.poll(0)
            self._seen[info.symbol] = (follower.sequence, follower.resyncs)
            return self._book(symbol, follower.bids, follower.asks, limit, follower.sequence, None)
        deadline = time.monotonic() + timeout_ms / 1000
        while (follower.sequence, follower.resyncs) == self._seen.get(info.symbol):
            left = deadline - time.monotonic()
            if left <= 0:
                raise ccxt.RequestTimeout(f"lodestone: no L2 update of {info.symbol} within {timeout_ms} ms")
            with _Mapped():
                follower.poll(timeout_ms=max(1, min(200, int(left * 1000))))
        with _Mapped():
            follower.poll(0)
        self._seen[info.symbol] = (follower.sequence, follower.resyncs)
        return self._book(symbol, follower.bids, follower.asks, limit, follower.sequence, None)

    # -- orders -------------------------------------------------------------------------

    def parse_order(self, order: Any, market: dict = None) -> dict:
        """An SDK Order as a CCXT order: price/amount/filled/remaining as floats; `info` holds
        the exact integers (price in quote minor units per whole base unit, sizes in base
        minor units), the IDs in hex and the SDK status."""
        info = self.info_of(order.market)
        d = info.definition
        price = decimal_text(order.price, d.quote_decimals)
        fills = [f for f in getattr(self._client, "fills", []) if f.order_id == order.order_id] if self._client else []
        cost = sum(f.price * f.size for f in fills)
        return self.safe_order({
            "id": order.order_id.hex(), "clientOrderId": order.client_order_id,
            "timestamp": None, "datetime": None, "lastTradeTimestamp": None,
            "symbol": ccxt_symbol(order.market), "type": "limit",
            "timeInForce": self._time_in_force(order), "postOnly": bool(getattr(order, "post_only", False)),
            "side": order.side, "price": price,
            "amount": decimal_text(order.size, d.base_decimals),
            "filled": decimal_text(order.filled, d.base_decimals),
            "remaining": decimal_text(order.remaining, d.base_decimals),
            "cost": decimal_text(cost, d.base_decimals + d.quote_decimals) if fills else (
                "0" if order.filled == 0 else None),
            "status": STATUS.get(order.status, order.status), "fee": None, "trades": [],
            "info": {"order_id": order.order_id.hex(), "status": order.status, "market": order.market,
                     "side": order.side, "price": order.price, "size": order.size, "filled": order.filled,
                     "remaining": order.remaining, "locked": order.locked,
                     "transaction_id": order.transaction_id.hex() if order.transaction_id else None,
                     "output_id": order.output_id.hex() if order.output_id else None, "order": order},
        }, market)

    @staticmethod
    def _time_in_force(order: Any) -> str:
        if getattr(order, "ioc", False):
            return "IOC"
        if getattr(order, "post_only", False):
            return "PO"
        return "GTC"

    def _status_order(self, order_id: bytes, status: Any) -> dict:
        """A CCXT order from a StatusQuery answer alone (an order this instance did not place)."""
        info = self.info_of(status.market)
        d = info.definition
        size = status.remaining_size + status.filled_size
        return self.safe_order({
            "id": order_id.hex(), "clientOrderId": None, "timestamp": None, "datetime": None,
            "symbol": ccxt_symbol(status.market), "type": "limit",
            "side": "buy" if status.side == 1 else "sell",
            "price": decimal_text(status.price, d.quote_decimals),
            "amount": decimal_text(size, d.base_decimals), "filled": decimal_text(status.filled_size, d.base_decimals),
            "remaining": decimal_text(status.remaining_size, d.base_decimals),
            "status": STATE.get(status.state), "fee": None, "trades": [],
            "info": {"order_id": order_id.hex(), "state": order_entry.Status.State.Name(status.state),
                     "height": status.height, "market": status.market, "price": status.price,
                     "remaining_size": status.remaining_size, "filled_size": status.filled_size},
        })

    def create_order(self, symbol: str, type: str, side: str, amount: Number, price: Number = None,
                     params: dict = {}) -> dict:
        """A limit order (type "market" -> ccxt.NotSupported). params: `postOnly` (bool),
        `timeInForce` "GTC" | "IOC" | "PO", `clientOrderId` (printable ASCII, 1-64 bytes).
        Amount and price are parsed exactly (see the module doc); the order is signed and
        sent at once and returned with status "open" (pending until its block)."""
        if type != "limit":
            raise ccxt.NotSupported(f"lodestone: {type} orders are not supported; Lodestone has limit orders only")
        if side not in ("buy", "sell"):
            raise ccxt.InvalidOrder(f"lodestone: side {side!r} is not buy or sell")
        if price is None:
            raise ccxt.InvalidOrder("lodestone: a limit order needs a price")
        info = self.info_of(symbol)
        price_minor, size_minor = parse_price(info.units, price), parse_size(info.units, amount)
        time_in_force = str(params.get("timeInForce", "GTC")).upper()
        if time_in_force not in ("GTC", "IOC", "PO"):
            raise ccxt.NotSupported(f"lodestone: timeInForce {time_in_force} is not supported (GTC, IOC, PO)")
        post_only = bool(params.get("postOnly", False)) or time_in_force == "PO"
        ioc = time_in_force == "IOC"
        if post_only and ioc:
            raise ccxt.InvalidOrder("lodestone: an order cannot be both post-only and IOC")
        client = self.client()
        with _Mapped():
            order = client.place(info.symbol, side, price_minor=price_minor, size_minor=size_minor,
                                 post_only=post_only, ioc=ioc, client_order_id=params.get("clientOrderId"))
        return self.parse_order(order)

    def _known(self, id: str):
        try:
            order_id = bytes.fromhex(id)
        except (TypeError, ValueError):
            raise ccxt.OrderNotFound(f"lodestone: order id {id!r} is not hex") from None
        client = self.client()
        order = client.orders.get(order_id)
        if order is None:
            with _Mapped():
                client.sync()  # it may rest from an earlier session of this key
            order = client.orders.get(order_id)
        return order_id, order

    def cancel_order(self, id: str, symbol: Optional[str] = None, params: dict = {}) -> dict:
        """Cancels an order of this key by ID (a signed cancel request). The result is the order
        as the SDK holds it once the cancel is acknowledged; the cancel takes effect in the
        next block (its Cancelled report then marks it "canceled")."""
        order_id, order = self._known(id)
        client = self.client()
        if order is None:
            # Not an order of this key as far as the wallet knows: the node judges the signed
            # cancel (8009 unknown_order -> OrderNotFound).
            with _Mapped():
                client.gateway.cancel(order_id, client.key.sign(cancel_message(client.network.chain_id, order_id)))
            return self.fetch_order(id, symbol)
        with _Mapped():
            order = client.cancel(order)
        return self.parse_order(order)

    def cancel_all_orders(self, symbol: Optional[str] = None, params: dict = {}) -> List[dict]:
        """One signed CancelAll for the market of `symbol` (or every market). It is acknowledged
        when pooled; the orders are cancelled by the next block. Returns the orders open when
        it was sent (as the SDK held them)."""
        client = self.client()
        name = self.info_of(symbol).symbol if symbol else None
        open_orders = list(client.open_orders(name))
        with _Mapped():
            client.cancel_all(market=name)
        return [self.parse_order(order) for order in open_orders]

    def edit_order(self, id: str, symbol: str, type: str, side: str, amount: Number = None, price: Number = None,
                   params: dict = {}) -> dict:
        """Replaces a resting order (one transaction spends it through its cancel clause and
        places the new one): a new price and/or size (None keeps the current one). Returns the
        NEW order (a new ID); the old one ends "canceled"."""
        if type not in (None, "limit"):
            raise ccxt.NotSupported(f"lodestone: {type} orders are not supported")
        order_id, order = self._known(id)
        if order is None:
            raise ccxt.OrderNotFound(f"lodestone unknown_order (8009): {id} is not an order of this key")
        if side is not None and side != order.side:
            raise ccxt.InvalidOrder(f"lodestone: edit_order cannot change the side ({order.side})")
        units = self.info_of(order.market).units
        d = self.info_of(order.market).definition
        # Checked exactly here (InvalidOrder names the rule), handed on as plain decimal text.
        price_text = decimal_text(parse_price(units, price), d.quote_decimals) if price is not None else None
        size_text = decimal_text(parse_size(units, amount), d.base_decimals) if amount is not None else None
        with _Mapped():
            new = self.client().replace(order, price=price_text, size=size_text)
        return self.parse_order(new)

    def fetch_order(self, id: str, symbol: Optional[str] = None, params: dict = {}) -> dict:
        """Where an order stands (a StatusQuery). An order this instance knows is refreshed
        through the SDK; any other order ID is answered from the query alone."""
        try:
            order_id = bytes.fromhex(id)
        except (TypeError, ValueError):
            raise ccxt.OrderNotFound(f"lodestone: order id {id!r} is not hex") from None
        client = self.client()
        order = client.orders.get(order_id)
        if order is not None:
            with _Mapped():
                return self.parse_order(client.order_status(order))
        with _Mapped():
            status = self.queries().status(order_id=order_id)
        if status.state in (order_entry.Status.STATE_UNKNOWN, order_entry.Status.STATE_UNSPECIFIED) or not status.market:
            raise ccxt.OrderNotFound(f"lodestone order_not_found: the node knows no order {id} (StatusQuery answered STATE_UNKNOWN)")
        return self._status_order(order_id, status)

    def fetch_open_orders(self, symbol: Optional[str] = None, since: Optional[int] = None,
                          limit: Optional[int] = None, params: dict = {}) -> List[dict]:
        """The key's open orders: from the node, every coin of the key that is an order (a
        CoinsQuery walk) with its StatusQuery; plus the orders this instance placed that are
        still pending (acknowledged, not yet in a block). Orders the SDK knows are given as
        the SDK holds them, refreshed by the status."""
        client = self.client()
        name = self.info_of(symbol).symbol if symbol else None
        with _Mapped():
            coins, _ = self.queries().all_coins(self.signing_key().public_key)
        result: Dict[bytes, dict] = {}
        for coin in coins:
            if not coin.order_id or coin.order_id in result:
                continue
            order = client.orders.get(coin.order_id)
            with _Mapped():
                if order is not None:
                    order = client.order_status(order)
                    if STATUS.get(order.status) == "open" and (name is None or order.market == name):
                        result[coin.order_id] = self.parse_order(order)
                    continue
                status = self.queries().status(order_id=coin.order_id)
            if status.state == order_entry.Status.STATE_RESTING and (name is None or status.market == name):
                result[coin.order_id] = self._status_order(coin.order_id, status)
        for order in client.open_orders(name):
            if order.order_id not in result and order.status == "pending":
                result[order.order_id] = self.parse_order(order)
        orders = list(result.values())
        return orders[:limit] if limit else orders

    # -- balance and trades -------------------------------------------------------------

    def fetch_balance(self, params: dict = {}) -> dict:
        """The node's figures (a BalancesQuery) per asset, in whole units: `free` = committed
        coins not locked in orders and not being spent by a pooled transaction, `used` =
        in_orders + pending_out (resting orders, and coins a pooled transaction spends),
        `total` = free + used = the committed holdings (free + in_orders). pending_in
        (change and new orders of pooled transactions) is not counted until its block; `info`
        holds every figure in minor units, with the height."""
        client = self.client()
        with _Mapped():
            figures = client.node_balances()
        network = self.network()
        result: Dict[str, Any] = {"info": {"height": client.height, "assets": {}}, "timestamp": None, "datetime": None}
        for symbol, (free, in_orders, pending_in, pending_out) in figures.items():
            decimals = network.assets[symbol].decimals
            total = free + in_orders
            used = min(total, in_orders + pending_out)
            result["info"]["assets"][symbol] = {"free": free, "in_orders": in_orders, "pending_in": pending_in,
                                                "pending_out": pending_out}
            result[symbol] = {"free": decimal_text(total - used, decimals), "used": decimal_text(used, decimals),
                              "total": decimal_text(total, decimals)}
        return self.safe_balance(result)

    def parse_trade(self, fill: Any, market: dict = None) -> dict:
        """An SDK Fill as a CCXT trade; the fee is in the asset the order receives (base for a
        buy, quote for a sell); `info` holds the exact integers and IDs."""
        info = self.info_of(fill.market)
        d = info.definition
        fee_currency = d.base if fill.side == "buy" else d.quote
        fee_decimals = d.base_decimals if fill.side == "buy" else d.quote_decimals
        settlement = fill.settlement_transaction_id.hex() if fill.settlement_transaction_id else ""
        return self.safe_trade({
            "id": f"{settlement}:{fill.order_id.hex()}:{fill.size}:{fill.price}",
            "order": fill.order_id.hex(), "timestamp": None, "datetime": None,
            "symbol": ccxt_symbol(fill.market), "type": "limit", "side": fill.side,
            "takerOrMaker": "maker" if fill.is_maker else "taker",
            "price": decimal_text(fill.price, d.quote_decimals), "amount": decimal_text(fill.size, d.base_decimals),
            "cost": decimal_text(fill.price * fill.size, d.base_decimals + d.quote_decimals),
            "fee": {"currency": fee_currency, "cost": decimal_text(fill.fee, fee_decimals)},
            "info": {"order_id": fill.order_id.hex(), "market": fill.market, "side": fill.side, "price": fill.price,
                     "size": fill.size, "fee": fill.fee, "fee_asset": fee_currency, "is_maker": fill.is_maker,
                     "height": fill.height, "settlement_transaction_id": settlement},
        }, market)

    def fetch_my_trades(self, symbol: Optional[str] = None, since: Optional[int] = None,
                        limit: Optional[int] = None, params: dict = {}) -> List[dict]:
        """The fills of this key SEEN BY THIS INSTANCE's report subscription (from its first
        private call on): the node keeps no trade history to query, so fills before this
        instance subscribed, or reported to another connection, are not listed.
        `params["wait"]` (ms) first waits up to that long for reports."""
        client = self.client()
        wait = int(params.get("wait", 0))
        if wait:
            with _Mapped():
                client.poll(timeout_ms=wait)
        name = self.info_of(symbol).symbol if symbol else None
        trades = [self.parse_trade(fill) for fill in client.fills if name is None or fill.market == name]
        return trades[-limit:] if limit else trades
