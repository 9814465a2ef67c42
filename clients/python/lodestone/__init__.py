"""A Lodestone client written from docs/PROTOCOL.md alone: canonical encodings, IDs,
BIP340 signatures (coincurve), and the ZeroMQ gateway (pyzmq + protobuf)."""
