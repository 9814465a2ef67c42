"""Following a market's L2 book with gap repair (docs/PROTOCOL.md 8.4, the clone pattern)."""
import struct

import zmq

from .proto import market_data


class BookFollower:
    """Subscribes to `l2.<market>`, buffers, asks the snapshot ROUTER for the book, then
    applies updates numbered after the snapshot. A jump in the topic's sequence (a lost
    message) triggers a new snapshot; `resyncs` counts them."""

    def __init__(self, feed_endpoint: str, snapshot_endpoint: str, market: str, context: zmq.Context = None):
        context = context or zmq.Context.instance()
        self.market = market
        self.topic = f"l2.{market}".encode()
        self.sub = context.socket(zmq.SUB)
        self.sub.setsockopt(zmq.LINGER, 0)
        self.sub.setsockopt(zmq.SUBSCRIBE, self.topic)
        self.sub.connect(feed_endpoint)
        self.snapshots = context.socket(zmq.DEALER)
        self.snapshots.setsockopt(zmq.LINGER, 0)
        self.snapshots.connect(snapshot_endpoint)
        self.bids, self.asks = {}, {}
        self.sequence = None  # the last sequence applied; None until a snapshot arrives
        self.resyncs = 0

    def close(self):
        self.sub.close()
        self.snapshots.close()

    def resync(self, timeout_ms: int = 5000, attempts: int = 3):
        """Asks for the book until a whole snapshot arrives. A snapshot missing parts (the
        node drops the rest of an answer that does not fit this client's queue, and ignores
        the client for a second) times out and is asked for again, up to `attempts` times."""
        for attempt in range(attempts):
            try:
                return self._snapshot(timeout_ms)
            except TimeoutError:
                if attempt == attempts - 1:
                    raise

    def _snapshot(self, timeout_ms: int):
        request = market_data.SnapshotRequest(market=self.market, depth=market_data.DEPTH_L2)
        self.snapshots.send(request.SerializeToString())
        self.bids, self.asks = {}, {}
        expected = 0
        while True:
            if not self.snapshots.poll(timeout_ms):
                raise TimeoutError("no snapshot")
            part = market_data.SnapshotResponse.FromString(self.snapshots.recv())
            if part.HasField("reject"):
                raise RuntimeError(f"snapshot refused: {part.reject.name}")
            if part.part == 0:
                self.bids, self.asks, expected = {}, {}, 0
            if part.part != expected:
                continue  # the rest of an earlier, incomplete answer
            expected += 1
            self.bids.update({level.price: level.size for level in part.bids})
            self.asks.update({level.price: level.size for level in part.asks})
            if part.is_last:
                self.sequence = part.sequence
                self.resyncs += 1
                return

    def poll(self, timeout_ms: int = 100) -> int:
        """Applies what arrived within `timeout_ms`; returns how many updates were applied."""
        applied = 0
        while self.sub.poll(timeout_ms):
            topic, body, sequence = self.sub.recv_multipart()
            if topic != self.topic:
                continue  # a longer symbol that shares the prefix
            (number,) = struct.unpack("<Q", sequence)
            if self.sequence is None or number <= self.sequence:
                continue  # before or covered by the snapshot
            if number != self.sequence + 1:
                self.resync()
                continue
            self.apply(market_data.L2Update.FromString(body))
            self.sequence = number
            applied += 1
            timeout_ms = 0
        return applied

    def apply(self, update):
        for side, levels in ((self.bids, update.bids), (self.asks, update.asks)):
            for level in levels:
                if level.size == 0:
                    side.pop(level.price, None)
                else:
                    side[level.price] = level.size

    def best(self):
        return (max(self.bids) if self.bids else None, min(self.asks) if self.asks else None)
