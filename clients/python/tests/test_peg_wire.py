"""Offline tests of the SDK's peg requests (no node): the burns query walks its pages as
docs/PROTOCOL.md 8.2 says, header submission and refusals come back as the gateway sends
them, and the encodings equal the published 8.7 wire vectors. A fake gateway (a ROUTER on
inproc, one thread) answers from a fixed list of burns."""
import os
import re
import sys
import threading
import unittest

import zmq

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))  # the package, when not pip-installed
from lodestone.gateway import GatewayClient, GatewayError
from lodestone.proto import common, order_entry

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")
TIP = 9
# (height, output ID) in the index's order: height, then output ID.
BURNS = sorted([(2, bytes([0x30 + i]) * 32) for i in range(3)] + [(4, bytes([0x10 + i]) * 32) for i in range(2)])


def published():
    with open(os.path.join(ROOT, "docs", "PROTOCOL.md")) as file:
        return dict(re.findall(r"\| `([a-z_0-9]+)` \| `([0-9a-f]+)` \|", file.read()))


def page(query):
    """What the node answers: burns after (from_height, after), at most `limit`."""
    start = (query.from_height, query.after + b"\x00" if query.after else b"")
    rest = [b for b in BURNS if b > start]
    listed = rest[:query.limit]
    burns = [order_entry.Burn(output_id=oid, asset=b"\x66" * 32, amount=1_000 + n, main_chain_program=b"\x01" + b"\x7b" * 32,
                              height=height) for n, (height, oid) in enumerate(listed)]
    return order_entry.Burns(burns=burns, height=TIP, more=len(rest) > query.limit)


def reject(code, name):
    return common.Reject(code=code, name=name, text="fake")


class FakeGateway:
    def __init__(self, context, endpoint, peg=True):
        self.router = context.socket(zmq.ROUTER)
        self.router.bind(endpoint)
        self.peg = peg
        self.headers = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        # The socket lives and dies on this thread (ZeroMQ sockets are not thread-safe).
        while not self.stopped.is_set():
            if not self.router.poll(20):
                continue
            identity, data = self.router.recv_multipart()
            request = order_entry.Request.FromString(data)
            response = order_entry.Response(client_order_id=request.client_order_id)
            kind = request.WhichOneof("body")
            if kind == "burns" and self.peg:
                response.burns.CopyFrom(page(request.burns))
            elif kind == "submit_headers" and self.peg:
                if all(len(h) == 93 for h in request.submit_headers.headers):
                    self.headers.extend(request.submit_headers.headers)
                    response.ack.SetInParent()
                else:
                    response.reject.CopyFrom(reject(7107, "invalid_length"))
            else:
                response.reject.CopyFrom(reject(7234, "no_peg"))
            self.router.send_multipart([identity, order_entry.ServerMessage(response=response).SerializeToString()])

        self.router.close()

    def close(self):
        self.stopped.set()
        self.thread.join(timeout=5)


class PegWireTests(unittest.TestCase):
    def setUp(self):
        self.context = zmq.Context()
        self.opened = []

    def tearDown(self):
        for gateway, client in self.opened:
            client.close()
            gateway.close()
        self.context.term()

    def connect(self, peg=True):
        endpoint = f"inproc://fake-gateway-{len(self.opened)}"
        gateway = FakeGateway(self.context, endpoint, peg=peg)
        client = GatewayClient(endpoint, context=self.context, timeout_ms=5_000)
        self.opened.append((gateway, client))
        return gateway, client

    def test_all_burns_walks_pages_of_two_in_height_then_output_id_order(self):
        _, client = self.connect()
        burns, next_height = client.all_burns(from_height=0, limit=2)
        self.assertEqual([(b.height, b.output_id) for b in burns], BURNS)
        self.assertEqual(next_height, TIP + 1)
        # A page from the cursor of the third burn starts at the fourth.
        third = burns[2]
        self.assertEqual([b.output_id for b in client.burns(third.height, after=third.output_id, limit=500).burns],
                         [oid for _, oid in BURNS[3:]])
        # Polling past the tip: an empty last page.
        last = client.burns(next_height, limit=10)
        self.assertEqual((list(last.burns), last.more, last.height), ([], False, TIP))

    def test_submit_headers_acks_and_refusals_raise_with_their_code(self):
        gateway, client = self.connect()
        ack = client.submit_headers([b"\x5a" * 93, b"\x5b" * 93])
        self.assertEqual(ack.transaction_id, b"")
        self.assertEqual(gateway.headers, [b"\x5a" * 93, b"\x5b" * 93])
        with self.assertRaises(GatewayError) as raised:
            client.submit_headers([b"\x01" * 10])
        self.assertEqual(raised.exception.code, 7107)
        _, without = self.connect(peg=False)
        with self.assertRaises(GatewayError) as raised:
            without.burns(0)
        self.assertEqual((raised.exception.code, raised.exception.name), (7234, "no_peg"))

    def test_encodings_equal_the_published_wire_vectors(self):
        vectors = published()
        query = order_entry.Request(client_order_id="burns-1",
                                    burns=order_entry.BurnsQuery(from_height=7, after=b"\x44" * 32, limit=100))
        self.assertEqual(query.SerializeToString().hex(), vectors["wire_burns_request"])
        burn = order_entry.Burn(output_id=b"\x55" * 32, asset=b"\x66" * 32, amount=12_000,
                                main_chain_program=b"\x01" + b"\x7b" * 32, height=8)
        answer = order_entry.ServerMessage(response=order_entry.Response(
            client_order_id="burns-1", burns=order_entry.Burns(burns=[burn], height=9, more=True)))
        self.assertEqual(answer.SerializeToString().hex(), vectors["wire_burns_response"])
        headers = order_entry.Request(client_order_id="headers-1",
                                      submit_headers=order_entry.SubmitMainChainHeaders(headers=[b"\x5a" * 93]))
        self.assertEqual(headers.SerializeToString().hex(), vectors["wire_submit_headers_request"])


if __name__ == "__main__":
    unittest.main()
