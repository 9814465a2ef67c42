"""Protobuf messages generated from proto/*.proto by `make proto` (Debian's protoc,
--python_out). The generated modules import each other by bare name, so this folder is put
on the import path."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

import common_pb2 as common  # noqa: E402,F401
import market_data_pb2 as market_data  # noqa: E402,F401
import order_entry_pb2 as order_entry  # noqa: E402,F401
