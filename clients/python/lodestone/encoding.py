"""Canonical encodings, tagged hashes and IDs (docs/PROTOCOL.md sections 1-5)."""
import hashlib
import os
import struct
import tomllib
from dataclasses import dataclass, field
from typing import List, Optional


def tagged_hash(tag: str, message: bytes) -> bytes:
    """BIP340 tagged SHA-256: SHA256(SHA256(tag) || SHA256(tag) || message)."""
    tag_hash = hashlib.sha256(tag.encode()).digest()
    return hashlib.sha256(tag_hash + tag_hash + message).digest()


def varint(value: int) -> bytes:
    """Unsigned LEB128, shortest form."""
    if not 0 <= value < 1 << 64:
        raise ValueError("varint out of range")
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def length_prefixed(data: bytes) -> bytes:
    return varint(len(data)) + data


def optional_varint(value: Optional[int]) -> bytes:
    return b"\x00" if value is None else b"\x01" + varint(value)


@dataclass(frozen=True)
class PayToKey:
    public_key: bytes

    def encode(self) -> bytes:
        return b"\x01" + length_prefixed(self.public_key)


@dataclass(frozen=True)
class MagneticOrder:
    """Program tag 3: an order offering the output's asset for `requested_asset`."""
    requested_asset: bytes
    numerator: int
    denominator: int
    seller_program: PayToKey
    seller_key: bytes
    flags: int = 0  # bit 0 post-only, bit 1 immediate-or-cancel
    max_fee_bps: int = 0
    expiry_height: Optional[int] = None

    POST_ONLY = 1
    IMMEDIATE_OR_CANCEL = 2

    def encode(self) -> bytes:
        return (b"\x03" + self.requested_asset + varint(self.numerator) + varint(self.denominator)
                + self.seller_program.encode() + length_prefixed(self.seller_key)
                + bytes([self.flags]) + struct.pack("<H", self.max_fee_bps)
                + optional_varint(self.expiry_height))


@dataclass(frozen=True)
class Output:
    asset: bytes
    amount: int
    program: object

    def encode(self) -> bytes:
        return self.asset + varint(self.amount) + self.program.encode()


@dataclass
class Transaction:
    """A BUTXO transaction; `witnesses[i]` is the encoded witness of input i."""
    spent: List[bytes]
    outputs: List[Output]
    fee: int = 0
    witnesses: List[bytes] = field(default_factory=list)
    version: int = 1

    def body(self) -> bytes:
        return (bytes([self.version]) + varint(len(self.spent)) + b"".join(self.spent)
                + varint(len(self.outputs)) + b"".join(o.encode() for o in self.outputs) + varint(self.fee))

    def encode(self) -> bytes:
        if len(self.witnesses) != len(self.spent):
            raise ValueError("one witness per input")
        return self.body() + b"".join(self.witnesses)

    def id(self) -> bytes:
        return tagged_hash("Lodestone/TxID", self.body())

    def output_id(self, index: int) -> bytes:
        return tagged_hash("Lodestone/OutputID", self.id() + struct.pack("<I", index))

    def signature_hash(self, chain_id: bytes, index: int) -> bytes:
        return tagged_hash("Lodestone/SigHash", chain_id + self.id() + struct.pack("<I", index) + self.spent[index])


def signature_witness(signature: bytes) -> bytes:
    """Witness tag 1 (pay-to-key spend)."""
    return b"\x01" + length_prefixed(signature)


def cancel_order_witness(signature: bytes) -> bytes:
    """Witness tag 3 (a seller cancels its order output, e.g. in a replace)."""
    return b"\x03" + length_prefixed(signature)


def cancel_message(chain_id: bytes, order_id: bytes) -> bytes:
    """What a seller signs to cancel an order by its ID (section 5b)."""
    return tagged_hash("Lodestone/OrderCancel", chain_id + order_id)


def fill_witness(filled: int, remainder_output: Optional[int] = None) -> bytes:
    """Witness tag 4 (a settlement fills an order; section 5e)."""
    return b"\x04" + varint(filled) + optional_varint(remainder_output)


def text(value: str) -> bytes:
    """A UTF-8 string as a `bytes` field."""
    return length_prefixed(value.encode())


def asset_definition(symbol: str, decimals: int) -> bytes:
    """An asset's definition (section 5d): its asset ID is the tagged hash of these bytes."""
    return text(symbol) + bytes([decimals])


def asset_id(symbol: str, decimals: int) -> bytes:
    return tagged_hash("Lodestone/AssetID", asset_definition(symbol, decimals))


@dataclass(frozen=True)
class MarketDefinition:
    """A market as genesis encodes it (section 5d); the keys of a market file."""
    symbol: str
    base: str
    quote: str
    tick_size: int
    lot_size: int
    min_size: int
    maker_fee_bps: int
    taker_fee_bps: int
    base_decimals: int
    quote_decimals: int
    self_trade_policy: str = "cancel_resting"
    status: str = "active"
    min_price_ticks: Optional[int] = None
    max_price_ticks: Optional[int] = None

    @staticmethod
    def from_toml(toml: dict) -> "MarketDefinition":
        return MarketDefinition(
            toml["symbol"], toml["base"], toml["quote"], toml["tick_size"], toml["lot_size"], toml["min_size"],
            toml["maker_fee_bps"], toml["taker_fee_bps"], toml["base_decimals"], toml["quote_decimals"],
            toml.get("self_trade_policy", "cancel_resting"), toml["status"], toml.get("min_price_ticks"),
            toml.get("max_price_ticks"))

    @staticmethod
    def load(path: str) -> "MarketDefinition":
        """A market file (Markets/<symbol>.toml)."""
        with open(path, "rb") as file:
            return MarketDefinition.from_toml(tomllib.load(file))

    @staticmethod
    def load_directory(directory: str) -> dict:
        """Every market file of a folder, by symbol."""
        return {m.symbol: m for m in (MarketDefinition.load(os.path.join(directory, name))
                                      for name in sorted(os.listdir(directory)) if name.endswith(".toml"))}

    def encode(self) -> bytes:
        return (text(self.symbol) + text(self.base) + text(self.quote) + varint(self.tick_size)
                + varint(self.lot_size) + varint(self.min_size) + struct.pack("<HH", self.maker_fee_bps, self.taker_fee_bps)
                + text(self.self_trade_policy) + text(self.status) + optional_varint(self.min_price_ticks)
                + optional_varint(self.max_price_ticks) + bytes([self.base_decimals, self.quote_decimals]))


@dataclass
class Genesis:
    """A genesis (section 5d); allocations are (asset symbol, amount, program)."""
    chain_name: str
    timestamp_ms: int
    block_interval_ms: int
    native_asset: str
    assets: List[tuple]
    allocations: List[tuple]
    validators: List[bytes]
    fee_collector: object
    markets: List[MarketDefinition]
    network_keys: List[bytes] = field(default_factory=list)
    epoch_length_blocks: int = 100
    validators_max: int = 21
    min_self_stake: int = 1
    unlock_delay_blocks: int = 100
    voter_share_bps: int = 5000
    suite: int = 1

    def encode(self) -> bytes:
        return (text(self.chain_name) + struct.pack("<QQB", self.timestamp_ms, self.block_interval_ms, self.suite)
                + text(self.native_asset)
                + varint(len(self.assets)) + b"".join(asset_definition(s, d) for s, d in self.assets)
                + varint(len(self.allocations))
                + b"".join(text(a) + varint(n) + p.encode() for a, n, p in self.allocations)
                + varint(len(self.validators)) + b"".join(length_prefixed(k) for k in self.validators)
                + self.fee_collector.encode()
                + varint(len(self.markets)) + b"".join(m.encode() for m in self.markets)
                + varint(len(self.network_keys)) + b"".join(length_prefixed(k) for k in self.network_keys)
                + struct.pack("<QQQQH", self.epoch_length_blocks, self.validators_max, self.min_self_stake,
                              self.unlock_delay_blocks, self.voter_share_bps))

    def chain_id(self) -> bytes:
        return tagged_hash("Lodestone/Genesis", self.encode())

    def output_id(self, index: int) -> bytes:
        """Allocation `index` as an output of the pseudo-transaction whose ID is the chain ID."""
        return tagged_hash("Lodestone/OutputID", self.chain_id() + struct.pack("<I", index))


class OrderRefused(ValueError):
    def __init__(self, name: str, rule: str):
        super().__init__(f"{name}: {rule}")
        self.name = name


def order_terms(market: MarketDefinition, side: str, offered: int, numerator: int, denominator: int,
                max_fee_bps: int) -> tuple:
    """Section 5e's price rule: (price, size) of a new order, or OrderRefused naming the error."""
    unit = 10 ** market.base_decimals
    if market.status != "active":
        raise OrderRefused("market_not_active", market.symbol)
    if max_fee_bps < max(market.maker_fee_bps, market.taker_fee_bps):
        raise OrderRefused("fee_cap_too_low", f"{max_fee_bps}")
    if side == "sell":
        if denominator != unit:
            raise OrderRefused("order_off_grid", "a sell's ratio must be price / 10^base_decimals")
        price, size = numerator, offered
        if size * price // unit >= 1 << 64:
            raise OrderRefused("order_off_grid", "value overflows 64 bits")
    else:
        if numerator != unit:
            raise OrderRefused("order_off_grid", "a buy's ratio must be 10^base_decimals / price")
        price = denominator
        size, rest = divmod(offered * unit, price)
        if size >= 1 << 64:
            raise OrderRefused("order_off_grid", "size overflows 64 bits")
        if rest:
            raise OrderRefused("order_off_grid", "a buy must lock exactly size × price / 10^base_decimals")
    if price % market.tick_size or size % market.lot_size or size < market.min_size:
        raise OrderRefused("order_off_grid", "off the tick or lot grid, or under min_size")
    ticks, lots = price // market.tick_size, size // market.lot_size
    highest = min(market.max_price_ticks if market.max_price_ticks is not None else (1 << 64) - 1, (1 << 31) - 1)
    if not max(1, market.min_price_ticks or 1) <= ticks <= highest or lots > 1 << 32:
        raise OrderRefused("order_off_grid", "ticks or lots out of bounds")
    return price, size
