"""Order entry over the gateway's ROUTER (docs/PROTOCOL.md 8.1-8.3)."""
import itertools
from typing import Any, Iterable, List, Optional, Set, Tuple

import zmq

from .encoding import tagged_hash
from .proto import order_entry


class GatewayError(Exception):
    """A Reject: `code`/`name` of the refusing layer and, when that code wraps another
    layer's error (8001 ledger_rejected wraps a 3xxx ledger code), `cause_code`/`cause_name`
    of the innermost one (0 and "" otherwise). `actionable_code` is the one to act on."""

    def __init__(self, reject) -> None:
        cause = f" caused by {reject.cause_name} ({reject.cause_code})" if reject.cause_code else ""
        super().__init__(f"{reject.name} ({reject.code}){cause}: {reject.text}")
        self.code, self.name, self.text = reject.code, reject.name, reject.text
        self.cause_code, self.cause_name = reject.cause_code, reject.cause_name

    @property
    def actionable_code(self) -> int:
        return self.cause_code or self.code


def coin(payout) -> Tuple[bytes, int]:
    """A Payout named by an Ack (`change`) or a report (`payouts`, `remainder`) as the
    (output ID, amount) pair a transaction spends: no query needed."""
    return payout.output_id, payout.amount


class SubscriptionEnded(Exception):
    """The gateway ended this connection's report subscription (it was cut off for not
    reading, or the node is stopping): no more reports for `public_key` come here.
    `last_sequence` is the last report sequence sent or lost; subscribe again to resume."""

    def __init__(self, ended) -> None:
        super().__init__(f"report subscription ended: {ended.reason.name} ({ended.reason.code}): "
                         f"{ended.reason.text}; last sequence {ended.last_sequence}")
        self.public_key, self.last_sequence = ended.public_key, ended.last_sequence
        self.code, self.name, self.text = ended.reason.code, ended.reason.name, ended.reason.text


class GatewayClient:
    """A DEALER connection: each request gets exactly one response with its
    client_order_id; execution reports arriving meanwhile are kept in `reports`. When the
    gateway ends the report subscription, `subscription_ended` holds the SubscriptionEnded
    exception, and `next_report` raises it once the reports before it are taken."""

    def __init__(self, endpoint: str, context: Optional[zmq.Context] = None, timeout_ms: int = 5000) -> None:
        self.socket = (context or zmq.Context.instance()).socket(zmq.DEALER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.socket.connect(endpoint)
        self.timeout_ms = timeout_ms
        self.reports = []
        self.subscription_ended = None
        self._ids = (f"py-{n}" for n in itertools.count(1))

    def close(self) -> None:
        self.socket.close()

    def next_client_order_id(self) -> str:
        """A fresh client_order_id of this connection ("py-1", "py-2", …)."""
        return next(self._ids)

    def request(self, client_order_id: Optional[str] = None, **body) -> Any:
        """Sends one Request (`place=…`, `cancel=…`, …) and returns its Response.
        `client_order_id` is the caller's (1 … 64 printable ASCII bytes) or a fresh one."""
        client_order_id = client_order_id or next(self._ids)
        request = order_entry.Request(client_order_id=client_order_id, **body)
        self.socket.send(request.SerializeToString())
        while True:
            if not self.socket.poll(self.timeout_ms):
                raise TimeoutError(f"no response to {client_order_id} within {self.timeout_ms} ms")
            message = self._take(self.socket.recv())
            if message is not None and message.response.client_order_id == client_order_id:
                return message.response

    def next_report(self, timeout_ms: Optional[int] = None) -> Any:
        """The next execution report (kept or arriving within `timeout_ms`), or None.
        Raises SubscriptionEnded when the gateway ended the subscription and no report
        before that notice is left."""
        timeout_ms = self.timeout_ms if timeout_ms is None else timeout_ms
        while not self.reports:
            if self.subscription_ended is not None:
                raise self.subscription_ended
            if not self.socket.poll(timeout_ms):
                return None
            self._take(self.socket.recv())
        return self.reports.pop(0)

    def _take(self, data):
        """Keeps a report or a subscription end; returns the message when it is a response."""
        message = order_entry.ServerMessage.FromString(data)
        if message.HasField("report"):
            self.reports.append(message.report)
        elif message.HasField("subscription_ended"):
            self.subscription_ended = SubscriptionEnded(message.subscription_ended)
        elif message.HasField("response"):
            return message
        return None

    def send_request(self, request) -> object:
        """Sends a built Request (its client_order_id set) and returns its Response."""
        self.socket.send(request.SerializeToString())
        while True:
            if not self.socket.poll(self.timeout_ms):
                raise TimeoutError(f"no response to {request.client_order_id} within {self.timeout_ms} ms")
            message = self._take(self.socket.recv())
            if message is not None and message.response.client_order_id == request.client_order_id:
                return message.response

    def _accepted(self, response) -> Any:
        if response.HasField("reject"):
            raise GatewayError(response.reject)
        return response.ack

    def place(self, transaction: bytes, client_order_id: Optional[str] = None) -> Any:
        """Submits a signed transaction placing orders; returns the Ack."""
        return self._accepted(self.request(client_order_id, place=order_entry.Place(transaction=transaction)))

    def replace(self, transaction: bytes, client_order_id: Optional[str] = None) -> Any:
        return self._accepted(self.request(client_order_id, replace=order_entry.Replace(transaction=transaction)))

    def cancel(self, order_id: bytes, signature: bytes, client_order_id: Optional[str] = None) -> Any:
        return self._accepted(self.request(client_order_id, cancel=order_entry.Cancel(order_id=order_id, signature=signature)))

    def batch(self, requests: Iterable[Any], client_order_id: Optional[str] = None) -> List[Any]:
        """Sends up to 256 Requests (each with its own client_order_id) as one Batch; returns
        the list of their Responses, in order. A batch refused as a whole raises GatewayError."""
        response = self.request(client_order_id, batch=order_entry.Batch(requests=list(requests)))
        if response.HasField("reject"):
            raise GatewayError(response.reject)
        return list(response.batch.responses)

    def mass_cancel(self, cancels: Iterable[Any], client_order_id: Optional[str] = None) -> List[Any]:
        """Sends up to 1024 signed Cancels as one MassCancel; returns one Response per cancel."""
        response = self.request(client_order_id, mass_cancel=order_entry.MassCancel(cancels=list(cancels)))
        if response.HasField("reject"):
            raise GatewayError(response.reject)
        return list(response.batch.responses)

    def cancel_all(self, seller_key: bytes, market: Optional[int], created_up_to_height: int, signature: bytes,
                   client_order_id: Optional[str] = None) -> Any:
        """Sends a signed CancelAll (§5c); `market` is a market index or None (every market).
        Returns the (empty) Ack: the Cancelled reports follow from the block."""
        message = order_entry.CancelAll(seller_key=seller_key, created_up_to_height=created_up_to_height,
                                        signature=signature)
        if market is not None:
            message.market = market
        return self._accepted(self.request(client_order_id, cancel_all=message))

    def dead_man_switch(self, seller_key: bytes, market: Optional[int], trigger_height: int, signature: bytes,
                        client_order_id: Optional[str] = None) -> Any:
        """Arms or refreshes a signed dead-man switch (§5c); returns the (empty) Ack."""
        message = order_entry.DeadManSwitch(seller_key=seller_key, trigger_height=trigger_height, signature=signature)
        if market is not None:
            message.market = market
        return self._accepted(self.request(client_order_id, dead_man_switch=message))

    def status(self, order_id: Optional[bytes] = None, transaction_id: Optional[bytes] = None) -> Any:
        """Where an order or a transaction stands (a Status; PENDING until its block)."""
        query = order_entry.StatusQuery(order_id=order_id) if order_id else order_entry.StatusQuery(transaction_id=transaction_id)
        response = self.request(status=query)
        if response.HasField("reject"):
            raise GatewayError(response.reject)
        return response.status

    def subscribe_reports(self, key: Any, chain_id: bytes) -> Any:
        """Proves `key` (a SigningKey) and subscribes this connection to its execution
        reports (docs/PROTOCOL.md 8.2: challenge, then the signed challenge)."""
        step = order_entry.SubscribeReports(public_key=key.public_key)
        response = self.request(subscribe_reports=step)
        if response.HasField("reject"):
            raise GatewayError(response.reject)
        nonce = response.challenge.nonce
        step.challenge = nonce
        step.signature = key.sign(tagged_hash("Lodestone/ReportSubscribe", chain_id + nonce + key.public_key))
        self.subscription_ended = None
        return self._accepted(self.request(subscribe_reports=step))

    def coins(self, public_key: bytes, asset: bytes = b"", after: bytes = b"", limit: int = 500) -> Any:
        """One page of the unspent outputs `public_key` can spend, by asset then output ID
        (docs/PROTOCOL.md 8.2): a Coins message; pass its `next_after` as `after` for the next
        page (empty on the last). `asset` (32 bytes) keeps one asset."""
        query = order_entry.CoinsQuery(public_key=public_key, asset=asset, after=after, limit=limit)
        response = self.request(coins=query)
        if response.HasField("reject"):
            raise GatewayError(response.reject)
        return response.coins

    def all_coins(self, public_key: bytes, asset: bytes = b"", limit: int = 500) -> Tuple[List[Any], Set[int]]:
        """Every coin of `public_key`, walking the pages; returns (coins, heights seen)."""
        coins, heights, after = [], set(), b""
        while True:
            page = self.coins(public_key, asset=asset, after=after, limit=limit)
            coins.extend(page.coins)
            heights.add(page.height)
            if not page.next_after:
                return coins, heights
            after = page.next_after

    def burns(self, from_height: int = 0, after: bytes = b"", limit: int = 500) -> Any:
        """One page of the sidechain's burns (cross-chain-out outputs of committed blocks, all
        final), by height then output ID (docs/PROTOCOL.md 8.2): a Burns message (`burns`,
        `height` the tip it was read at, `more`). For the next page pass the last burn's
        `height` as `from_height` and its `output_id` as `after`; once `more` is false, poll
        again from `height + 1`. Raises GatewayError (no_peg 7234 on a chain without a peg)."""
        query = order_entry.BurnsQuery(from_height=from_height, after=after, limit=limit)
        response = self.request(burns=query)
        if response.HasField("reject"):
            raise GatewayError(response.reject)
        return response.burns

    def all_burns(self, from_height: int = 0, limit: int = 500) -> Tuple[List[Any], int]:
        """Every burn of blocks `from_height` and later, walking the pages; returns (burns,
        the next height to poll from: one past the last page's tip)."""
        burns, after = [], b""
        while True:
            page = self.burns(from_height, after=after, limit=limit)
            burns.extend(page.burns)
            if not page.more:
                return burns, page.height + 1
            from_height, after = page.burns[-1].height, page.burns[-1].output_id

    def submit_headers(self, headers: Iterable[bytes]) -> Any:
        """Submits main-chain headers (1 … 512 canonical 93-byte headers, parents first) for the
        sidechain's header tree; returns the empty Ack once queued. Raises GatewayError
        (no_peg 7234, headers_not_accepted 7236, headers_busy 7237,
        bad_main_chain_header 7238)."""
        submission = order_entry.SubmitMainChainHeaders(headers=list(headers))
        return self._accepted(self.request(submit_headers=submission))

    def balances(self, public_key: bytes) -> Any:
        """The key's holdings per asset: a Balances message (height, and per asset free,
        in_orders, pending_in, pending_out; docs/PROTOCOL.md 8.3)."""
        response = self.request(balances=order_entry.BalancesQuery(public_key=public_key))
        if response.HasField("reject"):
            raise GatewayError(response.reject)
        return response.balances
