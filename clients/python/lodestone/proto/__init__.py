"""Protobuf messages generated from proto/*.proto by `make proto` (Debian's protoc,
--python_out; the generated modules' imports of each other are made relative there)."""
from . import common_pb2 as common  # noqa: F401
from . import market_data_pb2 as market_data  # noqa: F401
from . import order_entry_pb2 as order_entry  # noqa: F401
