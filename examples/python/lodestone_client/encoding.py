"""Canonical encodings, tagged hashes and IDs (docs/PROTOCOL.md sections 1-5)."""
import hashlib
import struct
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
