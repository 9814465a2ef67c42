"""Lodestone Python SDK, written from docs/PROTOCOL.md: canonical encodings, IDs, BIP340
signatures (coincurve), the ZeroMQ gateway (pyzmq + protobuf), and on top of them a client
that keeps a key's coins and orders (`Client`, `Wallet`), a chain's markets and units
(`Network`), and book followers (`BookFollower` L2, `L3Follower`)."""
from .book import BookFollower, L3Follower
from .client import Client, cancel_all_message, dead_man_message
from .encoding import OrderRefused
from .gateway import GatewayClient, GatewayError, SubscriptionEnded
from .keys import SigningKey
from .network import Asset, MarketInfo, Network
from .orders import Fill, InsufficientCoins, Order, OrderRequest
from .units import MarketUnits, UnitsError
from .wallet import Wallet

__all__ = ["Asset", "BookFollower", "L3Follower", "Client", "Fill", "GatewayClient", "GatewayError", "InsufficientCoins",
           "MarketInfo", "MarketUnits", "Network", "Order", "OrderRefused", "OrderRequest", "SigningKey",
           "SubscriptionEnded", "UnitsError", "Wallet", "cancel_all_message", "dead_man_message"]
