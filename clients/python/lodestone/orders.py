"""Orders as the SDK tracks them: `Order`, `OrderRequest`, `Fill`, and `InsufficientCoins`.

Amounts are ints in minor units: `price` in quote minor units per whole base unit, `size`,
`filled`, `remaining` in base minor units, `locked` in minor units of the offered asset
(base for a sell, quote for a buy).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional, Union

Amount = Union[str, Decimal]

#: Order states. "pending": acknowledged by the mempool, not yet in a block; "open": resting
#: on its book; "filled", "cancelled", "expired": finished; "rejected": its transaction was
#: dropped from the pool (a Dropped report) and never reached a block; "replaced": a replace
#: spent it (the new order is another Order).
STATUSES = ("pending", "open", "filled", "cancelled", "expired", "rejected", "replaced")
LIVE = ("pending", "open")


@dataclass
class Order:
    """One order of this client's key. `order_id` is the output ID that created it; after a
    partial fill `output_id` names the remainder output now holding it and `locked` its amount."""
    order_id: bytes
    client_order_id: str
    market: str
    side: str
    price: int
    size: int
    filled: int = 0
    remaining: int = 0
    status: str = "pending"
    transaction_id: bytes = b""
    output_id: bytes = b""
    locked: int = 0
    post_only: bool = False
    ioc: bool = False
    height: int = 0                 # block of the last change seen (0 while pending)
    cancel_requested: bool = False  # a cancel request was acknowledged; the report follows
    reason: str = ""                # why it finished ("filled", "user", "ioc", "post_only", ...)
    replaced_by: Optional[bytes] = None

    @property
    def is_live(self) -> bool:
        """Pending or resting: it holds `locked` of the offered asset."""
        return self.status in LIVE

    def __repr__(self) -> str:
        return (f"Order({self.order_id.hex()[:12]}… {self.market} {self.side} {self.size}@{self.price} "
                f"filled {self.filled} remaining {self.remaining} locked {self.locked} {self.status})")


@dataclass
class OrderRequest:
    """One order to place, as `Client.place` takes it (for `Client.batch`). Give `price` and
    `size` in human units (str or Decimal), or `price_minor` and `size_minor` in minor units."""
    market: str
    side: str
    price: Optional[Amount] = None
    size: Optional[Amount] = None
    price_minor: Optional[int] = None
    size_minor: Optional[int] = None
    post_only: bool = False
    ioc: bool = False
    client_order_id: Optional[str] = None
    max_fee_bps: Optional[int] = None
    expiry_height: Optional[int] = None


@dataclass(frozen=True)
class Fill:
    """One trade of one of this client's orders (from a Fill report). `fee` is in minor units
    of the asset the order receives."""
    order_id: bytes
    market: str
    side: str
    price: int
    size: int
    fee: int
    is_maker: bool
    height: int
    settlement_transaction_id: bytes
    remaining: int = 0


class InsufficientCoins(Exception):
    """The wallet does not hold `needed` of `asset` (symbol) in at most `max_inputs` free
    coins: it holds `held` in all (refused before anything is signed or sent)."""

    def __init__(self, asset: str, needed: int, held: int, max_inputs: int, reason: str = ""):
        detail = reason or f"holds {held} in free coins"
        super().__init__(f"insufficient_coins: need {needed} {asset} minor units, the wallet {detail}")
        self.asset, self.needed, self.held, self.max_inputs = asset, needed, held, max_inputs
        self.name = "insufficient_coins"
