"""The SDK's bookkeeping of one key's coins and orders (docs/PROTOCOL.md §8.2-8.3).

What the wallet holds, in minor units:
- `coins[asset_id][output_id] = amount`: free outputs the key can spend (pay-to-key, not
  orders): from a sync (the node's coin index), an Ack's `change`, a report's `payouts`.
- `orders[order_id] = Order`: every order this client placed or found; a live order's
  `output_id` and `locked` name the output that holds it now (the order ID, or the remainder
  after a partial fill).
- `reserved`: coins picked for a request that is on its way; an Ack spends them, a refusal
  returns them.
- `pending`: acknowledged transactions not yet seen in a block (their inputs, change and
  orders), so a Dropped report can undo them.

How it changes:
- Ack of a place/replace: its inputs leave; its change enters at once (the mempool accepts a
  transaction spending a pooled transaction's output; the live test proves it).
- Accepted: the transaction's orders are open (resting).
- Fill: its `payouts` enter (keyed by output ID: one output may carry several orders'
  proceeds, so amounts are set, never added); `remainder` becomes the order's output and
  `locked`; `remaining_size` 0 means filled.
- Cancelled / Expired: `payouts` (returned funds, proceeds) enter; the order is finished.
- Done: the order is finished (nothing follows about it).
- Dropped: the transaction never reached a block: inputs come back, change leaves, its orders
  are "rejected" (a spent order of a replace is live again).

`balances()` = per asset symbol (free, in_orders), in_orders being the sum of `locked` over
live orders. Once every report has arrived and the pool holds nothing of the key, it equals
the node's Balances (free, in_orders).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple

from .network import Network
from .orders import Fill, InsufficientCoins, LIVE, Order

#: Most inputs one order's coin selection may spend (well under the ledger's 8192).
MAX_INPUTS = 16

_SIDE = {1: "buy", 2: "sell"}
_CANCELLED_REASON = {1: "user", 2: "ioc", 3: "self_trade", 4: "post_only", 5: "replaced", 6: "cancel_all",
                     7: "dead_man", 8: "settlement_room"}
_DONE_STATUS = {1: "filled", 2: "cancelled", 3: "expired"}


@dataclass
class PendingTransaction:
    """An acknowledged transaction not yet seen in a block."""
    transaction_id: bytes
    inputs: List[Tuple[bytes, bytes, int]]       # (asset ID, output ID, amount) of free coins spent
    change: List[Tuple[bytes, bytes, int]]       # (asset ID, output ID, amount) from the Ack
    order_ids: List[bytes]
    spent_orders: List[Tuple[bytes, str, int]] = field(default_factory=list)  # (order ID, status, locked) before


class Wallet:
    """Coins and orders of one key; see the module docstring."""

    def __init__(self, network: Network, public_key: bytes):
        self.network = network
        self.public_key = public_key
        self.coins: Dict[bytes, Dict[bytes, int]] = {}
        self.reserved: Dict[bytes, Tuple[bytes, int]] = {}
        self.pending: Dict[bytes, PendingTransaction] = {}
        self.orders: Dict[bytes, Order] = {}
        self.fills: List[Fill] = []
        self.height = 0
        self.report_sequence = 0
        self.report_gaps = 0
        self.stale = False  # a coin was refused as spent (3010) or reports were lost: sync

    # ------------------------------------------------------------ coins

    def add_coin(self, asset: bytes, output_id: bytes, amount: int) -> None:
        """A free coin (idempotent: the same output ID always has the same amount)."""
        if output_id in self.reserved:
            return
        self.coins.setdefault(bytes(asset), {})[bytes(output_id)] = int(amount)

    def remove_coin(self, output_id: bytes) -> None:
        for coins in self.coins.values():
            coins.pop(bytes(output_id), None)
        self.reserved.pop(bytes(output_id), None)

    def free(self, asset: bytes) -> int:
        return sum(self.coins.get(asset, {}).values())

    def select(self, asset: bytes, needed: int, max_inputs: int = MAX_INPUTS) -> List[Tuple[bytes, int]]:
        """Free coins of `asset` covering `needed`: the one coin that covers it with the least
        change, else the largest coins first, at most `max_inputs`. Raises InsufficientCoins
        (asset, needed, held) when they do not cover it. Does not reserve them."""
        if needed <= 0:
            return []
        coins = self.coins.get(asset, {})
        held = sum(coins.values())
        symbol = self.network.asset_by_id(asset).symbol
        covering = [(amount - needed, output_id, amount) for output_id, amount in coins.items() if amount >= needed]
        if covering:
            _, output_id, amount = min(covering)
            return [(output_id, amount)]
        chosen, total = [], 0
        for output_id, amount in sorted(coins.items(), key=lambda item: (-item[1], item[0]))[:max_inputs]:
            chosen.append((output_id, amount))
            total += amount
            if total >= needed:
                return chosen
        if held >= needed:
            raise InsufficientCoins(symbol, needed, held, max_inputs,
                                    f"holds {held} in free coins but its {max_inputs} largest hold only {total} "
                                    f"(more inputs than the bound {max_inputs}: consolidate coins)")
        raise InsufficientCoins(symbol, needed, held, max_inputs)

    def reserve(self, asset: bytes, coins: Iterable[Tuple[bytes, int]]) -> None:
        """Takes picked coins out of the free ones while their request is on its way."""
        for output_id, amount in coins:
            self.coins.get(asset, {}).pop(output_id, None)
            self.reserved[output_id] = (asset, amount)

    def release(self, output_ids: Iterable[bytes]) -> None:
        """Returns reserved coins (their request was refused or never sent)."""
        for output_id in output_ids:
            entry = self.reserved.pop(output_id, None)
            if entry is not None:
                self.coins.setdefault(entry[0], {})[output_id] = entry[1]

    def spent(self, transaction_id: bytes, input_ids: Iterable[bytes], change: Iterable, order_ids: Iterable[bytes],
              spent_orders: Iterable[Tuple[bytes, str, int]] = ()) -> None:
        """An Ack: the reserved inputs leave, the Ack's change (Payouts) enters at once."""
        inputs = []
        for output_id in input_ids:
            entry = self.reserved.pop(output_id, None)
            if entry is not None:
                inputs.append((entry[0], output_id, entry[1]))
        change_coins = [(bytes(p.asset), bytes(p.output_id), int(p.amount)) for p in change]
        for asset, output_id, amount in change_coins:
            self.add_coin(asset, output_id, amount)
        self.pending[bytes(transaction_id)] = PendingTransaction(bytes(transaction_id), inputs, change_coins,
                                                                 [bytes(o) for o in order_ids], list(spent_orders))

    # ------------------------------------------------------------ figures

    def balances(self) -> Dict[str, Tuple[int, int]]:
        """Per asset symbol: (free, in_orders) in minor units, by this wallet's bookkeeping.
        Assets with both 0 are left out (as the node's Balances leaves them out)."""
        figures: Dict[str, List[int]] = {}
        for asset, coins in self.coins.items():
            total = sum(coins.values())
            if total:
                figures.setdefault(self.network.asset_by_id(asset).symbol, [0, 0])[0] += total
        for order in self.orders.values():
            if order.is_live and order.locked:
                market = self.network.market(order.market)
                symbol = market.base.symbol if order.side == "sell" else market.quote.symbol
                figures.setdefault(symbol, [0, 0])[1] += order.locked
        return {symbol: (free, in_orders) for symbol, (free, in_orders) in sorted(figures.items())}

    def open_orders(self, market: Optional[str] = None) -> List[Order]:
        return [o for o in self.orders.values() if o.is_live and (market is None or o.market == market)]

    # ------------------------------------------------------------ reports

    def apply(self, report) -> None:
        """Applies one ExecutionReport (order_entry.ExecutionReport) to coins and orders."""
        if report.sequence:
            if self.report_sequence and report.sequence != self.report_sequence + 1:
                self.report_gaps += 1
                self.stale = True
            self.report_sequence = report.sequence
        kind = report.WhichOneof("kind")
        body = getattr(report, kind)
        height = getattr(body, "height", 0)
        if height > self.height:
            self.height = height
        getattr(self, f"_on_{kind}")(body, report.client_order_id)

    def _payouts(self, payouts) -> None:
        for payout in payouts:
            self.add_coin(payout.asset, payout.output_id, payout.amount)

    def _on_accepted(self, accepted, client_order_id: str) -> None:
        self.pending.pop(bytes(accepted.transaction_id), None)
        for order_id in accepted.order_ids:
            order = self.orders.get(bytes(order_id))
            if order is not None and order.status == "pending":
                order.status, order.height = "open", accepted.height

    def _on_fill(self, fill, client_order_id: str) -> None:
        self._payouts(fill.payouts)
        side = _SIDE.get(fill.side, "")
        self.fills.append(Fill(bytes(fill.order_id), fill.market, side, fill.price, fill.size, fill.fee,
                               fill.is_maker, fill.height, bytes(fill.settlement_transaction_id), fill.remaining_size))
        order = self.orders.get(bytes(fill.order_id))
        if order is None:
            return
        order.filled += fill.size
        order.remaining = fill.remaining_size
        order.height = fill.height
        if fill.HasField("remainder"):
            order.output_id, order.locked = bytes(fill.remainder.output_id), fill.remainder.amount
        if fill.remaining_size == 0:
            order.status, order.locked, order.reason = "filled", 0, "filled"
        elif order.status == "pending":
            order.status = "open"

    def _finish(self, order_id: bytes, status: str, reason: str, height: int, left: int) -> None:
        order = self.orders.get(bytes(order_id))
        if order is None:
            return
        # A replace this client made keeps "replaced" whatever reason the node gives: REPLACED
        # for an amend (same market, side, price and expiry, no larger: it keeps the queue
        # place, docs/CHAIN.md), USER for any other cancel clause.
        if order.status in LIVE:
            order.status = "replaced" if reason == "replaced" else status
        order.reason = order.reason or reason
        order.locked, order.remaining, order.height = 0, left, height

    def _on_cancelled(self, cancelled, client_order_id: str) -> None:
        self._payouts(cancelled.payouts)
        reason = _CANCELLED_REASON.get(cancelled.reason, "user")
        self._finish(cancelled.order_id, "cancelled", reason, cancelled.height, cancelled.size)

    def _on_expired(self, expired, client_order_id: str) -> None:
        self._payouts(expired.payouts)
        self._finish(expired.order_id, "expired", "expired", expired.height, expired.size)

    def _on_done(self, done, client_order_id: str) -> None:
        order = self.orders.get(bytes(done.order_id))
        if order is None:
            return
        status = _DONE_STATUS.get(done.reason, "cancelled")
        if order.status in LIVE:
            order.status = status
        order.locked, order.height = 0, done.height
        if status == "filled":
            order.remaining = 0

    def _on_dropped(self, dropped, client_order_id: str) -> None:
        if dropped.order_id:  # a cancel request left the pool: the order stays as it is
            order = self.orders.get(bytes(dropped.order_id))
            if order is not None:
                order.cancel_requested = False
            return
        self.undo(bytes(dropped.transaction_id))

    def undo(self, transaction_id: bytes) -> None:
        """A transaction left the pool without a block: inputs back, change out, orders rejected."""
        pending = self.pending.pop(bytes(transaction_id), None)
        if pending is None:
            return
        for asset, output_id, amount in pending.inputs:
            self.coins.setdefault(asset, {})[output_id] = amount
        for _, output_id, _ in pending.change:
            self.remove_coin(output_id)
        for order_id in pending.order_ids:
            order = self.orders.get(order_id)
            if order is not None and order.status == "pending":
                order.status, order.locked, order.reason = "rejected", 0, "dropped"
        for order_id, status, locked in pending.spent_orders:
            order = self.orders.get(order_id)
            if order is not None and order.status == "replaced":
                order.status, order.locked, order.replaced_by = status, locked, None

    # ------------------------------------------------------------ sync

    def load(self, coins, height: int) -> List[bytes]:
        """Replaces the free coins by the node's coin index (Coin messages at `height`),
        keeping what the pool changes (pending inputs out, pending change in). Updates live
        orders from their order coins; returns the order IDs of order coins it does not know."""
        pending_inputs = {output_id for p in self.pending.values() for _, output_id, _ in p.inputs}
        self.coins = {}
        unknown: List[bytes] = []
        seen_orders = set()
        for coin in coins:
            output_id, asset = bytes(coin.output_id), bytes(coin.asset)
            if coin.order_id:
                order_id = bytes(coin.order_id)
                seen_orders.add(order_id)
                order = self.orders.get(order_id)
                if order is None:
                    unknown.append(order_id)
                    continue
                if order.status in LIVE:
                    order.output_id, order.locked, order.status = output_id, coin.amount, "open"
                continue
            if output_id in pending_inputs or output_id in self.reserved:
                continue
            self.coins.setdefault(asset, {})[output_id] = coin.amount
        for p in self.pending.values():
            for asset, output_id, amount in p.change:
                self.coins.setdefault(asset, {})[output_id] = amount
        self.height = max(self.height, height)
        self.stale = False
        self._seen_orders = seen_orders
        return unknown

    def missing_orders(self) -> List[Order]:
        """Live orders a load did not find among the order coins and whose transaction is not
        pending: their fate must be asked (StatusQuery)."""
        pending_orders = {o for p in self.pending.values() for o in p.order_ids}
        seen = getattr(self, "_seen_orders", set())
        return [o for o in self.orders.values()
                if o.status == "open" and o.order_id not in seen and o.order_id not in pending_orders]
