"""Order entry over the gateway's ROUTER (docs/PROTOCOL.md 8.1-8.3)."""
import itertools

import zmq

from .proto import order_entry


class GatewayError(Exception):
    def __init__(self, reject):
        super().__init__(f"{reject.name} ({reject.code}): {reject.text}")
        self.code, self.name, self.text = reject.code, reject.name, reject.text


class GatewayClient:
    """A DEALER connection: each request gets exactly one response with its
    client_order_id; execution reports arriving meanwhile are kept in `reports`."""

    def __init__(self, endpoint: str, context: zmq.Context = None, timeout_ms: int = 5000):
        self.socket = (context or zmq.Context.instance()).socket(zmq.DEALER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.socket.connect(endpoint)
        self.timeout_ms = timeout_ms
        self.reports = []
        self._ids = (f"py-{n}" for n in itertools.count(1))

    def close(self):
        self.socket.close()

    def request(self, **body):
        """Sends one Request (`place=…`, `cancel=…`, …) and returns its Response."""
        client_order_id = next(self._ids)
        request = order_entry.Request(client_order_id=client_order_id, **body)
        self.socket.send(request.SerializeToString())
        while True:
            if not self.socket.poll(self.timeout_ms):
                raise TimeoutError(f"no response to {client_order_id} within {self.timeout_ms} ms")
            message = order_entry.ServerMessage.FromString(self.socket.recv())
            if message.HasField("report"):
                self.reports.append(message.report)
            elif message.response.client_order_id == client_order_id:
                return message.response

    def _accepted(self, response):
        if response.HasField("reject"):
            raise GatewayError(response.reject)
        return response.ack

    def place(self, transaction: bytes):
        """Submits a signed transaction placing orders; returns the Ack."""
        return self._accepted(self.request(place=order_entry.Place(transaction=transaction)))

    def replace(self, transaction: bytes):
        return self._accepted(self.request(replace=order_entry.Replace(transaction=transaction)))

    def cancel(self, order_id: bytes, signature: bytes):
        return self._accepted(self.request(cancel=order_entry.Cancel(order_id=order_id, signature=signature)))
