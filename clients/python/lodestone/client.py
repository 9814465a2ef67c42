"""The SDK client: place, replace and cancel orders of one key, with its coins and orders
kept by a `Wallet` from Acks and execution reports (docs/PROTOCOL.md §5, §5b, §5c, §8).

    net = Network.from_genesis_file("devnet/genesis.json")
    client = Client(net, SigningKey.from_file("devnet/keys/trader-1.key"), gateway="tcp://127.0.0.1:7411")
    client.sync(); client.subscribe()
    order = client.place("BTC-USDT", "sell", price="30010.00", size="0.01")
    client.cancel(order)
    for report in client.reports(timeout_ms=1000): ...

Every amount is an exact int in minor units inside; human units are str or Decimal, read by
the market's MarketUnits (floats are refused with TypeError). Refusals before anything is
sent: UnitsError (5101-5107), InsufficientCoins, OrderRefused (the §5e price rule). Refusals
by the node: GatewayError (code, name, cause_code, cause_name, actionable_code).

Deviations from the common API text, none renaming anything: `cancel` returns the Order with
`cancel_requested` set and its status unchanged until the Cancelled report arrives; `replace`
marks the old Order "replaced" at the Ack (a Dropped report of the replace makes it live
again). `Client(..., transport=GatewayClient)` lets a caller (or a test) give the connection.
"""
from __future__ import annotations

import collections
import os
import struct
import time
from decimal import Decimal
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union

import zmq

from .encoding import (MagneticOrder, OrderRefused, Output, PayToKey, Transaction, cancel_message,
                       cancel_order_witness, order_terms, signature_witness, tagged_hash)
from .gateway import GatewayClient, GatewayError, SubscriptionEnded
from .keys import SigningKey
from .network import MarketInfo, Network
from .orders import Amount, Fill, Order, OrderRequest
from .proto import order_entry
from .units import UnitsError
from .wallet import MAX_INPUTS, Wallet

MISSING_INPUT = 3010
_STATE = {1: "unknown", 2: "pending", 3: "committed", 4: "open", 5: "filled", 6: "cancelled", 7: "expired"}
_SIDE_NAME = {1: "buy", 2: "sell"}


def _human(value: Amount, what: str) -> str:
    """A human amount as the exact text MarketUnits reads; floats and ints are refused."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return value
    raise TypeError(f"{what} must be str or decimal.Decimal in human units (got {type(value).__name__}); "
                    f"pass {what}_minor=<int> for minor units")


def _minor(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what}_minor must be an int of minor units (got {type(value).__name__})")
    return value


def cancel_all_message(chain_id: bytes, public_key: bytes, market_index: Optional[int], created_up_to_height: int) -> bytes:
    """What a seller signs to cancel all its orders in scope (§5c):
    H_Lodestone/CancelAll(chain_id ‖ public_key ‖ scope ‖ u64 created_up_to_height)."""
    scope = b"\x00" if market_index is None else b"\x01" + struct.pack("<I", market_index)
    return tagged_hash("Lodestone/CancelAll", chain_id + bytes([len(public_key)]) + public_key + scope
                       + struct.pack("<Q", created_up_to_height))


def dead_man_message(chain_id: bytes, public_key: bytes, market_index: Optional[int], trigger_height: int) -> bytes:
    """What a seller signs to arm a dead-man switch (§5c):
    H_Lodestone/DeadManSwitch(chain_id ‖ public_key ‖ scope ‖ u64 trigger_height)."""
    scope = b"\x00" if market_index is None else b"\x01" + struct.pack("<I", market_index)
    return tagged_hash("Lodestone/DeadManSwitch", chain_id + bytes([len(public_key)]) + public_key + scope
                       + struct.pack("<Q", trigger_height))


class _Built:
    """A signed transaction with the coins it reserved and the Order it would place."""

    def __init__(self, transaction: Transaction, asset: bytes, inputs: List[Tuple[bytes, int]], order: Order,
                 spent_order: Optional[Order] = None):
        self.transaction, self.asset, self.inputs, self.order, self.spent_order = transaction, asset, inputs, order, spent_order


class Client:
    """One key's trading client over one gateway connection (a DEALER). Not thread-safe."""

    def __init__(self, network: Network, key: SigningKey, gateway: str = "tcp://127.0.0.1:7411",
                 timeout_ms: int = 5000, context: Optional[zmq.Context] = None,
                 transport: Optional[GatewayClient] = None, max_inputs: int = MAX_INPUTS):
        self.network = network
        self.key = key
        self.public_key: bytes = key.public_key
        self.gateway = transport or GatewayClient(gateway, context=context, timeout_ms=timeout_ms)
        self.wallet = Wallet(network, key.public_key)
        self.max_inputs = max_inputs
        self.subscribed = False
        self.ack_ms: List[float] = []  # round trip of each place/replace/cancel, for figures
        self.report_log: collections.deque = collections.deque(maxlen=1024)  # the last reports applied
        self._session = os.urandom(4).hex()
        self._count = 0

    # ------------------------------------------------------------ state

    @property
    def orders(self) -> Dict[bytes, Order]:
        """Every order this client knows, by order ID."""
        return self.wallet.orders

    @property
    def fills(self) -> List[Fill]:
        """Every Fill report seen, in arrival order."""
        return self.wallet.fills

    @property
    def height(self) -> int:
        """The last committed height this client has seen (reports, coin pages, balances)."""
        return self.wallet.height

    def open_orders(self, market: Optional[str] = None) -> List[Order]:
        """Pending and resting orders, optionally of one market."""
        return self.wallet.open_orders(market)

    def close(self) -> None:
        self.gateway.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _client_order_id(self, given: Optional[str]) -> str:
        if given is not None:
            if not 1 <= len(given.encode()) <= 64 or not all(0x21 <= ord(c) <= 0x7E for c in given):
                raise ValueError(f"client_order_id {given!r}: 1 … 64 printable ASCII characters without spaces "
                                 f"(invalid_client_order_id 7104)")
            return given
        self._count += 1
        return f"sdk-{self._session}-{self._count}"

    # ------------------------------------------------------------ node queries

    def sync(self) -> None:
        """Reloads the wallet from the node's coin index: free coins, and resting orders (the
        coins with an order ID; orders this client did not know are learnt by StatusQuery).
        Pending transactions of this client are asked for (StatusQuery by transaction ID): a
        committed one is settled, an unknown one undone (dropped)."""
        for transaction_id in list(self.wallet.pending):
            status = self.gateway.status(transaction_id=transaction_id)
            if status.state == order_entry.Status.STATE_COMMITTED:
                pending = self.wallet.pending.pop(transaction_id)
                for order_id in pending.order_ids:
                    order = self.orders.get(order_id)
                    if order is not None and order.status == "pending":
                        order.status = "open"
            elif status.state == order_entry.Status.STATE_UNKNOWN:
                self.wallet.undo(transaction_id)
        coins, heights = self.gateway.all_coins(self.public_key)
        unknown = self.wallet.load(coins, max(heights))
        by_order = {bytes(c.order_id): c for c in coins if c.order_id}
        for order_id in unknown:
            status = self.gateway.status(order_id=order_id)
            coin = by_order[order_id]
            if status.state != order_entry.Status.STATE_RESTING:
                continue
            self.orders[order_id] = Order(
                order_id=order_id, client_order_id="", market=status.market, side=_SIDE_NAME.get(status.side, ""),
                price=status.price, size=status.remaining_size + status.filled_size, filled=status.filled_size,
                remaining=status.remaining_size, status="open", output_id=bytes(coin.output_id), locked=coin.amount,
                height=status.height)
        for order in self.wallet.missing_orders():
            self.order_status(order)

    def order_status(self, order: Order) -> Order:
        """Refreshes `order` from a StatusQuery (state, remaining, filled, height)."""
        status = self.gateway.status(order_id=order.order_id)
        state = _STATE.get(status.state, "unknown")
        if state in ("open", "filled", "cancelled", "expired") and order.status != "replaced":
            order.status = state
        if state in ("open", "filled", "cancelled", "expired"):
            order.remaining, order.filled = status.remaining_size, status.filled_size
            order.height = max(order.height, status.height)
            if state != "open":
                order.locked = 0
        self.wallet.height = max(self.wallet.height, status.height)
        return order

    def node_balances(self) -> Dict[str, Tuple[int, int, int, int]]:
        """The node's figures for this key per asset symbol (BalancesQuery): (free, in_orders,
        pending_in, pending_out). Assets with every figure 0 are left out."""
        balances = self.gateway.balances(self.public_key)
        self.wallet.height = max(self.wallet.height, balances.height)
        return {self.network.asset_by_id(a.asset).symbol: (a.free, a.in_orders, a.pending_in, a.pending_out)
                for a in balances.assets}

    def subscribe(self) -> None:
        """Subscribes this connection to the key's execution reports (challenge/response)."""
        self.gateway.subscribe_reports(self.key, self.network.chain_id)
        self.subscribed = True
        self.wallet.report_sequence = 0

    # ------------------------------------------------------------ building orders

    def _terms(self, market: MarketInfo, side: str, price: Optional[Amount], size: Optional[Amount],
               price_minor: Optional[int], size_minor: Optional[int]) -> Tuple[int, int]:
        if side not in ("buy", "sell"):
            raise ValueError(f"side must be 'buy' or 'sell', not {side!r}")
        units = market.units
        if price is not None:
            price_value = units.price(_human(price, "price"))
        elif price_minor is not None:
            price_value = _minor(price_minor, "price")
            definition = market.definition
            if price_value % definition.tick_size:
                raise UnitsError("price_off_tick", f"price_minor {price_value} is not a multiple of the tick "
                                 f"(tick_size {definition.tick_size})")
            ticks = price_value // definition.tick_size
            if ticks < (definition.min_price_ticks or 1) or (definition.max_price_ticks is not None
                                                            and ticks > definition.max_price_ticks):
                raise UnitsError("price_out_of_bounds", f"price_minor {price_value} is {ticks} ticks, outside "
                                 f"{definition.min_price_ticks or 1} … {definition.max_price_ticks} (min/max_price_ticks)")
        else:
            raise ValueError("give price (human units) or price_minor")
        if size is not None:
            size_value = units.size(_human(size, "size"))
        elif size_minor is not None:
            size_value = _minor(size_minor, "size")
            if size_value % market.definition.lot_size:
                raise UnitsError("size_not_lot_multiple", f"size_minor {size_value} is not a multiple of the lot "
                                 f"(lot_size {market.definition.lot_size})")
            if size_value < market.definition.min_size:
                raise UnitsError("size_below_minimum", f"size_minor {size_value} is below the minimum size "
                                 f"(min_size {market.definition.min_size})")
        else:
            raise ValueError("give size (human units) or size_minor")
        return price_value, size_value

    def _contract(self, market: MarketInfo, side: str, price: int, size: int, post_only: bool, ioc: bool,
                  max_fee_bps: Optional[int], expiry_height: Optional[int]) -> Tuple[bytes, int, MagneticOrder]:
        """(offered asset ID, amount to lock, the order's program) by §5e, checked by order_terms."""
        unit = market.unit
        fee_cap = market.max_fee_bps if max_fee_bps is None else max_fee_bps
        if side == "sell":
            offered, requested, amount, numerator, denominator = market.base.id, market.quote.id, size, price, unit
        else:
            value, rest = divmod(size * price, unit)
            if rest:
                raise OrderRefused("order_off_grid", f"a buy must lock exactly size × price / 10^base_decimals: "
                                   f"{size} × {price} / {unit} is not whole")
            offered, requested, amount, numerator, denominator = market.quote.id, market.base.id, value, unit, price
        order_terms(market.definition, side, amount, numerator, denominator, fee_cap)
        flags = (MagneticOrder.POST_ONLY if post_only else 0) | (MagneticOrder.IMMEDIATE_OR_CANCEL if ioc else 0)
        program = MagneticOrder(requested, numerator, denominator, PayToKey(self.public_key), self.public_key,
                                flags=flags, max_fee_bps=fee_cap, expiry_height=expiry_height)
        return offered, amount, program

    def _build(self, request: OrderRequest, client_order_id: str, spend: Optional[Order] = None) -> _Built:
        """Builds and signs one order's transaction, reserving its coins. With `spend`, the
        transaction first spends that order's current output through its cancel clause (a
        replace) and takes only what more it needs from free coins."""
        market = self.network.market(request.market)
        price, size = self._terms(market, request.side, request.price, request.size, request.price_minor,
                                  request.size_minor)
        offered, amount, program = self._contract(market, request.side, price, size, request.post_only,
                                                  request.ioc, request.max_fee_bps, request.expiry_height)
        held = spend.locked if spend is not None else 0
        inputs = self.wallet.select(offered, amount - held, self.max_inputs) if amount > held else []
        total = held + sum(a for _, a in inputs)
        outputs = [Output(offered, amount, program)]
        if total > amount:
            outputs.append(Output(offered, total - amount, PayToKey(self.public_key)))
        spent = ([spend.output_id] if spend is not None else []) + [o for o, _ in inputs]
        transaction = Transaction(spent=spent, outputs=outputs)
        chain_id = self.network.chain_id
        witnesses = []
        for index in range(len(spent)):
            signature = self.key.sign(transaction.signature_hash(chain_id, index))
            witnesses.append(cancel_order_witness(signature) if spend is not None and index == 0
                             else signature_witness(signature))
        transaction.witnesses = witnesses
        self.wallet.reserve(offered, inputs)
        order_id = transaction.output_id(0)
        order = Order(order_id=order_id, client_order_id=client_order_id, market=market.symbol, side=request.side,
                      price=price, size=size, remaining=size, status="pending", transaction_id=transaction.id(),
                      output_id=order_id, locked=amount, post_only=request.post_only, ioc=request.ioc)
        return _Built(transaction, offered, inputs, order, spend)

    def _acked(self, built: _Built, ack, started: float) -> Order:
        self.ack_ms.append((time.perf_counter() - started) * 1000)
        order = built.order
        spent_orders = []
        if built.spent_order is not None:
            old = built.spent_order
            spent_orders.append((old.order_id, old.status, old.locked))
            old.status, old.locked, old.replaced_by = "replaced", 0, order.order_id
        self.wallet.spent(ack.transaction_id, [o for o, _ in built.inputs], ack.change, ack.order_ids, spent_orders)
        self.orders[order.order_id] = order
        return order

    def _refused(self, built: _Built, error: GatewayError) -> None:
        """A refused transaction: its coins come back, unless the node says one is spent
        (missing_input 3010): then the wallet is stale and is synced from the node."""
        self.wallet.release([o for o, _ in built.inputs])
        if error.actionable_code == MISSING_INPUT:
            self.wallet.stale = True
            self.sync()

    # ------------------------------------------------------------ order entry

    def place(self, market: str, side: str, price: Optional[Amount] = None, size: Optional[Amount] = None, *,
              price_minor: Optional[int] = None, size_minor: Optional[int] = None, post_only: bool = False,
              ioc: bool = False, client_order_id: Optional[str] = None, max_fee_bps: Optional[int] = None,
              expiry_height: Optional[int] = None) -> Order:
        """Places one order (a signed transaction: the order, and change back to the key).
        `price` and `size` in human units (str/Decimal), or `price_minor`/`size_minor` ints.
        Raises UnitsError, OrderRefused or InsufficientCoins before sending; GatewayError when
        the node refuses (the coins come back to the wallet)."""
        request = OrderRequest(market, side, price, size, price_minor, size_minor, post_only, ioc, client_order_id,
                               max_fee_bps, expiry_height)
        client_order_id = self._client_order_id(client_order_id)
        built = self._build(request, client_order_id)
        return self._submit(built, self.gateway.place, client_order_id)

    def replace(self, order: Order, price: Optional[Amount] = None, size: Optional[Amount] = None, *,
                price_minor: Optional[int] = None, size_minor: Optional[int] = None, post_only: Optional[bool] = None,
                ioc: Optional[bool] = None, client_order_id: Optional[str] = None) -> Order:
        """Replaces a live order by a new one of the same market and side, in one transaction
        that spends the order's current output (its remainder after a partial fill) through the
        cancel clause (witness tag 3), adds free coins if the new order locks more, and returns
        the rest as change. Unspecified price/size keep the order's price and remaining size.
        Returns the new Order; the old one is marked "replaced"."""
        if not order.is_live:
            raise ValueError(f"order {order.order_id.hex()} is {order.status}: only a live order can be replaced")
        if price is None and price_minor is None:
            price_minor = order.price
        if size is None and size_minor is None:
            size_minor = order.remaining
        request = OrderRequest(order.market, order.side, price, size, price_minor, size_minor,
                               order.post_only if post_only is None else post_only,
                               order.ioc if ioc is None else ioc, client_order_id)
        client_order_id = self._client_order_id(client_order_id)
        built = self._build(request, client_order_id, spend=order)
        return self._submit(built, self.gateway.replace, client_order_id)

    def _submit(self, built: "_Built", send, client_order_id: str) -> Order:
        """Sends a built transaction with `send` (the gateway's place or replace) and books the
        Ack; a refusal, or any failure before an answer, gives its coins back to the wallet."""
        started = time.perf_counter()
        try:
            ack = send(built.transaction.encode(), client_order_id)
        except GatewayError as error:
            self._refused(built, error)
            raise
        except BaseException:
            self.wallet.release([o for o, _ in built.inputs])
            raise
        return self._acked(built, ack, started)

    def _cancel_request(self, order: Order) -> order_entry.Cancel:
        signature = self.key.sign(cancel_message(self.network.chain_id, order.order_id))
        return order_entry.Cancel(order_id=order.order_id, signature=signature)

    def cancel(self, order: Union[Order, bytes], client_order_id: Optional[str] = None) -> Order:
        """Cancels an order (an Order, or an order ID this client knows) by its ID (the
        seller's signed cancel message, §5b). The Ack means the request is pooled; the
        Cancelled report (with the returned funds) follows from the block. Returns the order
        with `cancel_requested` set."""
        if isinstance(order, (bytes, bytearray)):
            if bytes(order) not in self.orders:
                raise KeyError(f"order {bytes(order).hex()} is not known to this client: sync() first")
            order = self.orders[bytes(order)]
        cancel = self._cancel_request(order)
        started = time.perf_counter()
        self.gateway.cancel(cancel.order_id, cancel.signature, self._client_order_id(client_order_id))
        self.ack_ms.append((time.perf_counter() - started) * 1000)
        order.cancel_requested = True
        return order

    def batch(self, requests: Sequence[OrderRequest]) -> List[Union[Order, GatewayError]]:
        """Places up to 256 orders in one Batch request (each its own transaction and
        client_order_id); returns, in order, the Order or the GatewayError of each. Refusals
        before sending (units, price rule, coins) raise and send nothing."""
        # Members are judged in order and may spend earlier members' outputs: each member's
        # change is offered to the next ones' coin selection at once ("provisional"), and
        # taken back if its member is refused.
        built: List[_Built] = []
        provisional: List[List[Tuple[bytes, bytes]]] = []

        def undo_provisional(index: int) -> None:
            for asset, output_id in provisional[index]:
                self.wallet.remove_coin(output_id)

        try:
            for request in requests:
                b = self._build(request, self._client_order_id(request.client_order_id))
                built.append(b)
                change = [(o.asset, b.transaction.output_id(i), o.amount) for i, o in enumerate(b.transaction.outputs)
                          if isinstance(o.program, PayToKey)]
                for asset, output_id, amount in change:
                    self.wallet.add_coin(asset, output_id, amount)
                provisional.append([(asset, output_id) for asset, output_id, _ in change])
        except BaseException:
            for index, b in enumerate(built):
                undo_provisional(index)
                self.wallet.release([o for o, _ in b.inputs])
            raise
        members = [order_entry.Request(client_order_id=b.order.client_order_id,
                                       place=order_entry.Place(transaction=b.transaction.encode())) for b in built]
        started = time.perf_counter()
        try:
            responses = self.gateway.batch(members, self._client_order_id(None))
        except BaseException:
            for index, b in enumerate(built):
                undo_provisional(index)
                self.wallet.release([o for o, _ in b.inputs])
            raise
        results: List[Union[Order, GatewayError]] = []
        stale = False
        for index, (b, response) in enumerate(zip(built, responses)):
            if response.HasField("reject"):
                error = GatewayError(response.reject)
                undo_provisional(index)
                self.wallet.release([o for o, _ in b.inputs])
                stale = stale or error.actionable_code == MISSING_INPUT
                results.append(error)
            else:
                results.append(self._acked(b, response.ack, started))
        if stale:
            self.sync()
        return results

    def mass_cancel(self, orders: Sequence[Order]) -> List[Union[Order, GatewayError]]:
        """Cancels orders by ID in one MassCancel (each judged alone); returns, in order, the
        Order (cancel_requested set) or the GatewayError of each."""
        orders = list(orders)
        responses = self.gateway.mass_cancel([self._cancel_request(o) for o in orders], self._client_order_id(None))
        results: List[Union[Order, GatewayError]] = []
        for order, response in zip(orders, responses):
            if response.HasField("reject"):
                results.append(GatewayError(response.reject))
            else:
                order.cancel_requested = True
                results.append(order)
        return results

    def cancel_all(self, market: Optional[str] = None, created_up_to_height: Optional[int] = None) -> int:
        """Cancels every order of this key in `market` (None: every market) created at or below
        `created_up_to_height` (default: the next block's height, read from the node), with one
        signed CancelAll (§5c). Returns the bound used; the Cancelled reports follow."""
        index = None if market is None else self.network.market(market).index
        if created_up_to_height is None:
            page = self.gateway.coins(self.public_key, limit=1)
            self.wallet.height = max(self.wallet.height, page.height)
            created_up_to_height = page.height + 1
        signature = self.key.sign(cancel_all_message(self.network.chain_id, self.public_key, index,
                                                     created_up_to_height))
        self.gateway.cancel_all(self.public_key, index, created_up_to_height, signature, self._client_order_id(None))
        for order in self.open_orders(market):
            order.cancel_requested = True
        return created_up_to_height

    def dead_man_switch(self, trigger_height: int, market: Optional[str] = None) -> None:
        """Arms (or refreshes) "cancel all my orders in `market` (None: every market) at the
        block of `trigger_height` unless refreshed" (§5c): the height must be above the next
        block's and above the trigger armed before. The Cancelled reports (reason dead_man)
        follow from that block."""
        index = None if market is None else self.network.market(market).index
        signature = self.key.sign(dead_man_message(self.network.chain_id, self.public_key, index, trigger_height))
        self.gateway.dead_man_switch(self.public_key, index, trigger_height, signature, self._client_order_id(None))

    # ------------------------------------------------------------ reports

    def _next(self, timeout_ms: int):
        try:
            return self.gateway.next_report(timeout_ms=timeout_ms)
        except SubscriptionEnded:
            # Resubscribe once and re-read the wallet; a second end in a row is raised.
            self.gateway.subscription_ended = None
            if getattr(self, "_resubscribed", False):
                raise
            self._resubscribed = True
            self.subscribe()
            self.sync()
            return None

    def _apply(self, report) -> None:
        self.wallet.apply(report)
        self.report_log.append(report)
        kind = report.WhichOneof("kind")
        order = self.orders.get(bytes(getattr(getattr(report, kind), "order_id", b"") or b""))
        if order is not None and not order.client_order_id and report.client_order_id:
            order.client_order_id = report.client_order_id  # an order learnt by sync

    def poll(self, timeout_ms: int = 0) -> list:
        """The reports already received or arriving within `timeout_ms` (then any that follow
        at once), each applied to the wallet and orders first."""
        reports = []
        report = self._next(timeout_ms)
        while report is not None:
            self._apply(report)
            reports.append(report)
            report = self._next(0)
        if reports:
            self._resubscribed = False
        return reports

    def reports(self, timeout_ms: int = 1000) -> Iterator:
        """Yields reports as they arrive, each applied to the wallet and orders before it is
        yielded; ends when none arrives within `timeout_ms`."""
        while True:
            report = self._next(timeout_ms)
            if report is None:
                return
            self._apply(report)
            self._resubscribed = False
            yield report

    def wait(self, condition, timeout_ms: int = 10_000) -> bool:
        """Applies reports until `condition()` holds or `timeout_ms` passes; returns whether it held."""
        deadline = time.monotonic() + timeout_ms / 1000
        while not condition():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.poll(timeout_ms=max(1, min(200, int(left * 1000))))
        return True
