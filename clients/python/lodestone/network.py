"""A chain as the SDK sees it: its genesis, chain ID, assets and markets.

`Network.from_genesis_file("devnet/genesis.json")` reads the genesis.json a node reads
(docs/OPERATIONS.md, "genesis.json"), builds the canonical genesis of docs/PROTOCOL.md §5d
(`encoding.Genesis`) and hashes it into the chain ID, so signatures made with this network
verify on that chain only. Markets keep their genesis order: `MarketInfo.index` is the market
index that CancelAll and DeadManSwitch name (§5c).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from .encoding import Genesis, MarketDefinition, PayToKey, asset_id, length_prefixed, optional_varint, varint
from .units import MarketUnits

# Defaults docs/OPERATIONS.md gives for keys a genesis.json may leave out; each enters the
# chain ID as its value (§5d).
GENESIS_DEFAULTS = {"block_interval_ms": 100, "suite": 1, "epoch_length_blocks": 100, "validators_max": 21,
                    "min_self_stake": 1, "unlock_delay_blocks": 100, "voter_share_bps": 5000}

_Z85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"


def z85_decode(text: str) -> bytes:
    """ZeroMQ's Z85 (RFC 32/Z85): 5 characters -> 4 bytes, big-endian. A CurveZMQ public key
    is 40 characters -> 32 bytes."""
    if len(text) % 5:
        raise ValueError(f"Z85 text of {len(text)} characters is not a multiple of 5")
    out = bytearray()
    for start in range(0, len(text), 5):
        value = 0
        for char in text[start:start + 5]:
            digit = _Z85.find(char)
            if digit < 0:
                raise ValueError(f"{char!r} is not a Z85 character")
            value = value * 85 + digit
        if value >= 1 << 32:
            raise ValueError("Z85 group out of range")
        out += value.to_bytes(4, "big")
    return bytes(out)


@dataclass(frozen=True)
class VoteLock:
    """Control program tag 4 (§4): a genesis allocation with `vote_for`."""
    owner: bytes
    candidate: bytes
    unlock_delay_blocks: int
    unlock_requested_at: Optional[int] = None

    def encode(self) -> bytes:
        return (b"\x04" + length_prefixed(self.owner) + length_prefixed(self.candidate)
                + varint(self.unlock_delay_blocks) + optional_varint(self.unlock_requested_at))


@dataclass(frozen=True)
class Asset:
    """An asset of the genesis: `id` is H_Lodestone/AssetID(symbol, decimals) (§5d)."""
    symbol: str
    decimals: int
    id: bytes


@dataclass(frozen=True)
class MarketInfo:
    """A market of the genesis. `index` is its position in the genesis market list."""
    symbol: str
    index: int
    definition: MarketDefinition
    units: MarketUnits
    base: Asset
    quote: Asset

    @property
    def unit(self) -> int:
        """10^base_decimals: the price's denominator (§5e)."""
        return 10 ** self.definition.base_decimals

    @property
    def max_fee_bps(self) -> int:
        """The lowest fee cap an order of this market may sign: max(maker, taker)."""
        return max(self.definition.maker_fee_bps, self.definition.taker_fee_bps)


class Network:
    """A chain: `genesis` (encoding.Genesis), `chain_id` (32 bytes), `assets` by symbol,
    `markets` by symbol (genesis order), `native_asset` (symbol)."""

    def __init__(self, genesis: Genesis, assets: Dict[str, Asset], markets: Dict[str, MarketInfo]):
        self.genesis = genesis
        self.chain_id: bytes = genesis.chain_id()
        self.assets: Dict[str, Asset] = assets
        self.markets: Dict[str, MarketInfo] = markets
        self.native_asset: str = genesis.native_asset
        self._by_id = {asset.id: asset for asset in assets.values()}

    @classmethod
    def from_genesis_file(cls, path: str) -> "Network":
        """Reads a genesis.json (the file a node reads) and computes its chain ID (§5d)."""
        with open(path) as file:
            return cls.from_genesis_json(json.load(file))

    @classmethod
    def from_genesis_json(cls, data: Dict[str, Any]) -> "Network":
        """Builds the network from a parsed genesis.json; lists keep the file's order."""
        value = {**GENESIS_DEFAULTS, **data}
        assets = [(a["symbol"], int(a["decimals"])) for a in value["assets"]]
        delay = int(value["unlock_delay_blocks"])
        allocations: List[tuple] = []
        for allocation in value["allocations"]:
            owner = bytes.fromhex(allocation["public_key"])
            if allocation.get("vote_for"):
                program: Any = VoteLock(owner, bytes.fromhex(allocation["vote_for"]), delay)
            else:
                program = PayToKey(owner)
            allocations.append((allocation["asset"], int(allocation["amount"]), program))
        definitions = [MarketDefinition.from_toml(market) for market in value["markets"]]
        genesis = Genesis(
            chain_name=value["chain_name"], timestamp_ms=int(value["timestamp_ms"]),
            block_interval_ms=int(value["block_interval_ms"]), native_asset=value["native_asset"],
            assets=assets, allocations=allocations,
            validators=[bytes.fromhex(key) for key in value["validators"]],
            fee_collector=PayToKey(bytes.fromhex(value["fee_collector"])), markets=definitions,
            network_keys=[z85_decode(key) for key in value.get("validator_curve_keys", [])],
            epoch_length_blocks=int(value["epoch_length_blocks"]), validators_max=int(value["validators_max"]),
            min_self_stake=int(value["min_self_stake"]), unlock_delay_blocks=delay,
            voter_share_bps=int(value["voter_share_bps"]), suite=int(value["suite"]))
        return cls.from_genesis(genesis)

    @classmethod
    def from_genesis(cls, genesis: Genesis) -> "Network":
        """The network of an `encoding.Genesis` built by hand (e.g. the §7 vector chain)."""
        assets = {symbol: Asset(symbol, decimals, asset_id(symbol, decimals)) for symbol, decimals in genesis.assets}
        markets: Dict[str, MarketInfo] = {}
        for index, definition in enumerate(genesis.markets):
            markets[definition.symbol] = MarketInfo(definition.symbol, index, definition, MarketUnits(definition),
                                                    assets[definition.base], assets[definition.quote])
        return cls(genesis, assets, markets)

    @property
    def block_interval_ms(self) -> int:
        return self.genesis.block_interval_ms

    def asset_by_id(self, asset_id_bytes: bytes) -> Asset:
        """The asset whose ID is `asset_id_bytes`; KeyError names it when the chain has none."""
        try:
            return self._by_id[bytes(asset_id_bytes)]
        except KeyError:
            raise KeyError(f"no asset of this chain has ID {bytes(asset_id_bytes).hex()}") from None

    def market(self, symbol: str) -> MarketInfo:
        """The market `symbol`; KeyError names the markets this chain has."""
        try:
            return self.markets[symbol]
        except KeyError:
            raise KeyError(f"no market {symbol!r} on this chain (markets: {', '.join(self.markets)})") from None

    def market_by_index(self, index: int) -> MarketInfo:
        return list(self.markets.values())[index]

    def genesis_output_id(self, index: int) -> bytes:
        """Allocation `index` as an output ID (§5d)."""
        return self.genesis.output_id(index)
