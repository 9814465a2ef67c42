"""Following a market's book with gap repair (docs/PROTOCOL.md 8.4, the clone pattern): L2 levels
(BookFollower) or every resting order (L3Follower)."""
import struct
from typing import Dict, List, Optional, Tuple

import zmq

from .proto import market_data


class _FeedFollower:
    """What the L2 and L3 followers share (docs/PROTOCOL.md 8.4, the clone pattern): subscribe
    to `<depth>.<market>` and buffer, ask the snapshot ROUTER for the book at that depth,
    then apply the updates numbered after the snapshot. A jump in the topic's sequence (a lost
    message) or, where `HEARTBEATS`, a heartbeat naming a later sequence than the last applied,
    triggers a new snapshot; `resyncs` counts snapshots taken and `gaps` the losses seen.
    Subclasses say the depth and how a snapshot part and an update change their book."""

    DEPTH = market_data.DEPTH_UNSPECIFIED
    TOPIC = ""
    UPDATE = None
    HEARTBEATS = False

    def __init__(self, feed_endpoint: str, snapshot_endpoint: str, market: str, context: zmq.Context = None):
        context = context or zmq.Context.instance()
        self.market = market
        self.topic = f"{self.TOPIC}.{market}".encode()
        self.heartbeat_topic = b"heartbeat." + self.topic
        self.sub = context.socket(zmq.SUB)
        self.sub.setsockopt(zmq.LINGER, 0)
        self.sub.setsockopt(zmq.SUBSCRIBE, self.topic)
        if self.HEARTBEATS:
            self.sub.setsockopt(zmq.SUBSCRIBE, self.heartbeat_topic)
        self.sub.connect(feed_endpoint)
        self.snapshots = context.socket(zmq.DEALER)
        self.snapshots.setsockopt(zmq.LINGER, 0)
        self.snapshots.connect(snapshot_endpoint)
        self._reset()
        self.sequence = None  # the last sequence applied; None until a snapshot arrives
        self.height = 0  # the height of the last snapshot or update applied
        self.resyncs = 0
        self.gaps = 0

    def close(self) -> None:
        self.sub.close()
        self.snapshots.close()

    def _reset(self) -> None:
        """Empties the book (a snapshot is on its way)."""
        raise NotImplementedError

    def _take_part(self, part) -> None:
        """Adds one part of a snapshot (a SnapshotResponse at this depth) to the book."""
        raise NotImplementedError

    def apply(self, update) -> None:
        """Applies one update (an `UPDATE` message) to the book."""
        raise NotImplementedError

    def resync(self, timeout_ms: int = 5000, attempts: int = 3) -> None:
        """Asks for the book until a whole snapshot arrives. A snapshot missing parts (the
        node drops the rest of an answer that does not fit this client's queue, and ignores
        the client for a second) times out and is asked for again, up to `attempts` times."""
        for attempt in range(attempts):
            try:
                return self._snapshot(timeout_ms)
            except TimeoutError:
                if attempt == attempts - 1:
                    raise

    def _snapshot(self, timeout_ms: int) -> None:
        request = market_data.SnapshotRequest(market=self.market, depth=self.DEPTH)
        self.snapshots.send(request.SerializeToString())
        self._reset()
        expected = 0
        while True:
            if not self.snapshots.poll(timeout_ms):
                raise TimeoutError(f"no {self.TOPIC.upper()} snapshot")
            part = market_data.SnapshotResponse.FromString(self.snapshots.recv())
            if part.HasField("reject"):
                raise RuntimeError(f"{self.TOPIC.upper()} snapshot refused: {part.reject.name} ({part.reject.code})")
            if part.depth != self.DEPTH:
                continue  # an answer to another request
            if part.part == 0:
                self._reset()
                expected = 0
            if part.part != expected:
                continue  # the rest of an earlier, incomplete answer
            expected += 1
            self._take_part(part)
            if part.is_last:
                self.sequence, self.height = part.sequence, part.height
                self.resyncs += 1
                return

    def poll(self, timeout_ms: int = 100) -> int:
        """Applies what arrived within `timeout_ms`; returns how many updates were applied."""
        applied = 0
        while self.sub.poll(timeout_ms):
            topic, body, sequence = self.sub.recv_multipart()
            timeout_ms = 0
            if self.HEARTBEATS and topic == self.heartbeat_topic:
                beat = market_data.Heartbeat.FromString(body)
                if self.sequence is not None and beat.last_sequence > self.sequence:
                    self.gaps += 1
                    self.resync()
                continue
            if topic != self.topic:
                continue  # a longer symbol that shares the prefix
            (number,) = struct.unpack("<Q", sequence)
            if self.sequence is None or number <= self.sequence:
                continue  # before or covered by the snapshot
            if number != self.sequence + 1:
                self.gaps += 1
                self.resync()
                continue
            update = self.UPDATE.FromString(body)
            self.apply(update)
            self.sequence = number
            self.height = max(self.height, update.height)
            applied += 1
        return applied

    def best(self) -> Tuple[Optional[int], Optional[int]]:
        return (max(self.bids) if self.bids else None, min(self.asks) if self.asks else None)


class BookFollower(_FeedFollower):
    """Follows a market's L2 book (`bids`/`asks`: price -> total size) over `l2.<market>` with
    DEPTH_L2 snapshots and gap repair (`_FeedFollower`)."""

    DEPTH = market_data.DEPTH_L2
    TOPIC = "l2"
    UPDATE = market_data.L2Update

    def _reset(self) -> None:
        self.bids, self.asks = {}, {}

    def _take_part(self, part) -> None:
        self.bids.update({level.price: level.size for level in part.bids})
        self.asks.update({level.price: level.size for level in part.asks})

    def apply(self, update) -> None:
        for side, levels in ((self.bids, update.bids), (self.asks, update.asks)):
            for level in levels:
                if level.size == 0:
                    side.pop(level.price, None)
                else:
                    side[level.price] = level.size


class L3Follower(_FeedFollower):
    """Follows a market's L3 book (every resting order) over `l3.<market>` with DEPTH_L3
    snapshots and the same gap repair as BookFollower (docs/PROTOCOL.md 8.4): subscribe and
    buffer, ask for a snapshot, apply updates numbered after it; a jump in the sequence, or a
    heartbeat naming a later sequence than the last applied, triggers a new snapshot.

    `orders[order_id] = (side, price, size)` ("buy"/"sell", quote minor units per whole base
    unit, base minor units remaining); `bids[price]` / `asks[price]` are dicts order_id -> size
    in time order (first in the dict is first in the queue). `levels()` derives the L2 book."""

    SIDES = {1: "buy", 2: "sell"}

    DEPTH = market_data.DEPTH_L3
    TOPIC = "l3"
    UPDATE = market_data.L3Update
    HEARTBEATS = True

    def _side_book(self, side: str) -> dict:
        return self.bids if side == "buy" else self.asks

    def _reset(self) -> None:
        self.orders, self.bids, self.asks = {}, {}, {}

    def _add(self, order_id: bytes, side: str, price: int, size: int) -> None:
        self.orders[order_id] = (side, price, size)
        self._side_book(side).setdefault(price, {})[order_id] = size

    def _remove(self, order_id: bytes) -> None:
        entry = self.orders.pop(order_id, None)
        if entry is None:
            return
        side, price, _ = entry
        level = self._side_book(side).get(price, {})
        level.pop(order_id, None)
        if not level:
            self._side_book(side).pop(price, None)

    def _take_part(self, part) -> None:
        for order in part.orders:  # bids best first, then asks; time order within a price
            self._add(bytes(order.order_id), self.SIDES[order.side], order.price, order.size)

    def apply(self, update) -> None:
        """Applies one L3Update's changes in order."""
        kinds = market_data.OrderChange
        for change in update.changes:
            order_id, side = bytes(change.order_id), self.SIDES.get(change.side, "")
            if change.kind == kinds.KIND_ADDED:
                self._remove(order_id)
                self._add(order_id, side, change.price, change.size)
            elif change.kind == kinds.KIND_REDUCED:
                entry = self.orders.get(order_id)
                if entry is None:
                    self._add(order_id, side, change.price, change.size)
                else:
                    self.orders[order_id] = (entry[0], entry[1], change.size)
                    self._side_book(entry[0])[entry[1]][order_id] = change.size
            elif change.kind == kinds.KIND_REMOVED:
                self._remove(order_id)
            elif change.kind == kinds.KIND_REPLACED:
                new_id = bytes(change.new_order_id)
                entry = self.orders.get(order_id)
                if entry is None or entry[1] != change.price:
                    self._remove(order_id)
                    self._add(new_id, side, change.price, change.size)
                    continue
                level = self._side_book(entry[0])[entry[1]]
                renamed = {(new_id if key == order_id else key): (change.size if key == order_id else size)
                           for key, size in level.items()}
                self._side_book(entry[0])[entry[1]] = renamed
                del self.orders[order_id]
                self.orders[new_id] = (entry[0], entry[1], change.size)

    def levels(self) -> Tuple[Dict[int, int], Dict[int, int]]:
        """The L2 book derived from the orders: (bids, asks), each a dict price -> total size
        (as BookFollower's `bids` and `asks`)."""
        return ({price: sum(level.values()) for price, level in self.bids.items()},
                {price: sum(level.values()) for price, level in self.asks.items()})

    def queue(self, side: str, price: int) -> List[Tuple[bytes, int]]:
        """The orders at one price, first in time first: [(order_id, size), ...]."""
        return list(self._side_book(side).get(price, {}).items())
