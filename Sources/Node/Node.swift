// Node: see docs/ARCHITECTURE.md. Replaced as the module is built.
