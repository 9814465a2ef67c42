"""Recomputes docs/PROTOCOL.md's test vectors with this independent implementation: proof
that a client can be written from the document alone."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from lodestone_client.encoding import (MagneticOrder, Output, PayToKey, Transaction, signature_witness,
                                       tagged_hash, varint)
from lodestone_client.keys import SigningKey

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def published():
    with open(os.path.join(ROOT, "docs", "PROTOCOL.md")) as file:
        text = file.read()
    return dict(re.findall(r"\| `([a-z_0-9]+)` \| `([0-9a-f]+)` \|", text))


class VectorTests(unittest.TestCase):
    def test_varints(self):
        for value, hex_ in [(0, "00"), (127, "7f"), (128, "8001"), (300, "ac02"), (2**64 - 1, "ffffffffffffffffff01")]:
            self.assertEqual(varint(value).hex(), hex_)

    def test_tagged_hash(self):
        self.assertEqual(tagged_hash("Lodestone/TxID", b"").hex(),
                         "b985301f8722a4a9e337d0b9b1785e01474f6710c3cd94f0f9bb32f547979c27")

    def test_transaction_vectors(self):
        vectors = published()
        alice, bob = SigningKey(bytes([0xA1] * 32)), SigningKey(bytes([0xB0] * 32))
        chain = bytes([0xC1] * 32)
        native, btc, usdt = bytes([1] * 32), bytes([2] * 32), bytes([3] * 32)
        order = MagneticOrder(usdt, 30_000, 1, PayToKey(alice.public_key), alice.public_key,
                              flags=MagneticOrder.POST_ONLY, max_fee_bps=25, expiry_height=1_000)
        tx = Transaction(spent=[bytes([0xAB] * 32)],
                         outputs=[Output(btc, 10, order), Output(native, 990, PayToKey(bob.public_key))], fee=10)
        sighash = tx.signature_hash(chain, 0)
        signature = alice.sign(sighash, bytes(32))
        tx.witnesses = [signature_witness(signature)]
        computed = {
            "alice_public_key": alice.public_key.hex(),
            "bob_public_key": bob.public_key.hex(),
            "magnetic_order_program": order.encode().hex(),
            "transaction_body": tx.body().hex(),
            "transaction_id": tx.id().hex(),
            "signature_hash_input_0": sighash.hex(),
            "signature_input_0": signature.hex(),
            "transaction_full": tx.encode().hex(),
            "output_id_0": tx.output_id(0).hex(),
        }
        for name, value in computed.items():
            self.assertEqual(value, vectors[name], name)


if __name__ == "__main__":
    unittest.main()
