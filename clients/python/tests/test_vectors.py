"""Recomputes docs/PROTOCOL.md's test vectors with this independent implementation: proof
that a client can be written from the document alone."""
import os
import re
import sys
import tomllib
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))  # the package, when not pip-installed
from lodestone.encoding import (Genesis, MagneticOrder, MarketDefinition, OrderRefused, Output, PayToKey,
                                       Transaction, asset_definition, asset_id, fill_witness, order_terms,
                                       signature_witness, tagged_hash, varint)
from lodestone.keys import SigningKey
from lodestone.units import MarketUnits, UnitsError

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")


def published():
    with open(os.path.join(ROOT, "docs", "PROTOCOL.md")) as file:
        text = file.read()
    return dict(re.findall(r"\| `([a-z_0-9]+)` \| `([0-9a-f]+)` \|", text))


def table(document: str, heading: str):
    """The rows (lists of cells, backticks stripped) of the first table under `heading`."""
    with open(os.path.join(ROOT, "docs", document)) as file:
        lines = file.read().split("\n")
    rows = []
    for line in lines[lines.index(heading) + 1:]:
        if line.startswith("#"):
            break
        if line.startswith("| ") and not line.startswith("|--") and not line.startswith("|---"):
            rows.append([cell.strip().strip("`") for cell in line.split("|")[1:-1]])
    return rows[1:]  # the header row


def shipped_market(symbol: str) -> MarketDefinition:
    with open(os.path.join(ROOT, "Markets", f"{symbol}.toml"), "rb") as file:
        return MarketDefinition.from_toml(tomllib.load(file))


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


class SettlementVectorTests(unittest.TestCase):
    """Section 5d and 5e from the document: the vector chain's genesis, its two orders and the
    settlement of their trade, built by the section's rules (no chain code involved)."""

    def test_genesis_orders_and_settlement(self):
        vectors = published()
        alice, bob = SigningKey(bytes([0xA1] * 32)), SigningKey(bytes([0xB0] * 32))
        validator, collector = SigningKey(bytes([0x01] * 32)), SigningKey(bytes([0x02] * 32))
        market = shipped_market("BTC-USDT")
        genesis = Genesis("lodestone-vectors", 0, 100, "LODE", [("LODE", 8), ("BTC", 8), ("USDT", 6)],
                          [("BTC", 100_000_000, PayToKey(alice.public_key)),
                           ("USDT", 1_000_000_000, PayToKey(bob.public_key))],
                          [validator.public_key], PayToKey(collector.public_key), [market])
        chain = genesis.chain_id()
        btc, usdt = asset_id("BTC", 8), asset_id("USDT", 6)
        unit = 10 ** market.base_decimals

        def place(key, side, price, size, coin, holding):
            sell = side == "sell"
            amount = size if sell else size * price // unit
            offered, requested = (btc, usdt) if sell else (usdt, btc)
            contract = MagneticOrder(requested, *((price, unit) if sell else (unit, price)), PayToKey(key.public_key),
                                     key.public_key, max_fee_bps=20)
            self.assertEqual(order_terms(market, side, amount, contract.numerator, contract.denominator, 20), (price, size))
            tx = Transaction([genesis.output_id(coin)], [Output(offered, amount, contract),
                                                         Output(offered, holding - amount, PayToKey(key.public_key))])
            tx.witnesses = [signature_witness(key.sign(tx.signature_hash(chain, 0), bytes(32)))]
            return dict(tx=tx, id=tx.output_id(0), side=side, limit=price, amount=amount, offered=offered,
                        requested=requested, seller=PayToKey(key.public_key), consumed=0, earned=0, fee_sum=0, refund=0)

        sell = place(alice, "sell", 30_000_010_000, 1_230_000, 0, 100_000_000)
        buy = place(bob, "buy", 30_100_000_000, 1_230_000, 1, 1_000_000_000)

        # The buy crosses the resting sell: one fill at the maker's (the sell's) price.
        size, price = 1_230_000, sell["limit"]
        value = size * price // unit
        for account, bps in [(sell, market.maker_fee_bps), (buy, market.taker_fee_bps)]:
            if account["side"] == "sell":
                account["consumed"] += size
                account["earned"] += value
                account["fee_sum"] += value * bps
            else:
                locked = size * account["limit"] // unit
                account["consumed"] += locked
                account["earned"] += size
                account["fee_sum"] += size * bps
                account["refund"] += locked - value

        # Section 5e's layout: inputs maker then taker; payouts netted per (program, asset) in
        # first-appearance order; then fees per asset. Both orders are fully filled.
        payouts, fees = {}, {}

        def add(table_, program, asset, amount):
            if amount:
                key = (program, asset)
                table_[key] = table_.get(key, 0) + amount

        inputs, witnesses = [], []
        for account in (sell, buy):
            fee = -(-account["fee_sum"] // 10_000)
            self.assertEqual(account["amount"] - account["consumed"], 0)
            inputs.append(account["id"])
            witnesses.append(fill_witness(account["consumed"]))
            add(payouts, account["seller"], account["requested"], account["earned"] - fee)
            add(payouts, account["seller"], usdt, account["refund"])
            add(fees, PayToKey(collector.public_key), account["requested"], fee)
        outputs = [Output(asset, amount, program) for (program, asset), amount in list(payouts.items()) + list(fees.items())]
        settlement = Transaction(inputs, outputs, fee=0, witnesses=witnesses)

        computed = {
            "genesis_asset_definition_btc": asset_definition("BTC", 8).hex(),
            "genesis_asset_id_lode": asset_id("LODE", 8).hex(),
            "genesis_asset_id_btc": btc.hex(),
            "genesis_asset_id_usdt": usdt.hex(),
            "genesis_market_btc_usdt": market.encode().hex(),
            "genesis_encoding": genesis.encode().hex(),
            "genesis_chain_id": chain.hex(),
            "genesis_output_id_0": genesis.output_id(0).hex(),
            "genesis_output_id_1": genesis.output_id(1).hex(),
            "settlement_sell_transaction": sell["tx"].encode().hex(),
            "settlement_sell_order_id": sell["id"].hex(),
            "settlement_buy_transaction": buy["tx"].encode().hex(),
            "settlement_buy_order_id": buy["id"].hex(),
            "settlement_transaction": settlement.encode().hex(),
            "settlement_transaction_id": settlement.id().hex(),
            "settlement_fee_usdt": str(fees[(PayToKey(collector.public_key), usdt)]),
            "settlement_fee_btc": str(fees[(PayToKey(collector.public_key), btc)]),
        }
        for name, value in computed.items():
            self.assertEqual(value, vectors.get(name), name)

    def test_order_terms(self):
        rows = table("PROTOCOL.md", "### Order terms vectors")
        self.assertGreaterEqual(len(rows), 12)
        for symbol, side, offered, ratio, cap, result in rows:
            numerator, denominator = (int(part) for part in ratio.split("/"))
            try:
                price, size = order_terms(shipped_market(symbol), side, int(offered), numerator, denominator, int(cap))
                computed = f"price {price}, size {size}"
            except OrderRefused as refused:
                computed = refused.name
            self.assertEqual(computed, result, f"{symbol} {side} {offered} {ratio} {cap}")


def unit_vectors():
    """Rows of docs/MARKETS.md's "Unit vectors" table: (market, kind, input, result)."""
    with open(os.path.join(ROOT, "docs", "MARKETS.md")) as file:
        lines = file.read().split("\n")
    rows = []
    for line in lines[lines.index("### Unit vectors") + 1:]:
        if line.startswith("#"):
            break
        if not line.startswith("| ") or line.startswith("| market") or line.startswith("|---"):
            continue
        cells = [cell.strip().strip("`") for cell in line.split("|")[1:-1]]
        if len(cells) == 4:
            rows.append(tuple(cells))
    return rows


class UnitTests(unittest.TestCase):
    def test_unit_vectors(self):
        markets = MarketDefinition.load_directory(os.path.join(ROOT, "Markets"))
        rows = unit_vectors()
        self.assertGreaterEqual(len(rows), 40)
        for market, kind, text, result in rows:
            units = MarketUnits(markets[market])
            try:
                computed = {"price": lambda: str(units.price(text)), "size": lambda: str(units.size(text)),
                            "format_price": lambda: units.format_price(int(text)),
                            "format_size": lambda: units.format_size(int(text))}[kind]()
            except UnitsError as error:
                computed = error.name
            self.assertEqual(computed, result, f"{market} {kind} '{text}'")


if __name__ == "__main__":
    unittest.main()
