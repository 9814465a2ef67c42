"""A devnet on its own ports for the live tests: `lodestone devnet --create-only` in a temp
folder, then one validator node (or, with more validators, `lodestone devnet` running them
and the follower whose gateway and feeds the tests use), waited on until its first block.
`close()` stops it (SIGTERM, then kill after 40 s) and removes the folder."""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from typing import Optional

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BINARY = os.environ.get("LODESTONE_BIN", os.path.join(ROOT, ".build", "debug", "lodestone"))
# Ports above the base (lodestone devnet --port-base; Sources/Node/Devnet/DevnetPorts.swift).
PORT_OFFSETS = {"intake": 0, "gateway": 10, "feed": 20, "snapshot": 21}
STOP_WAIT_S = 40


class Devnet:
    """A running devnet: `dir` (genesis.json, node.json, keys/trader-N.key), `genesis` (the
    parsed genesis.json), `status` (`lodestone status --json` at its first block), `chain_id`."""

    def __init__(self, port_base: int, prefix: str = "lodestone-", traders: int = 5, validators: int = 1,
                 block_interval_ms: Optional[int] = None, first_block_s: float = 60):
        self.port_base = port_base
        self.dir = tempfile.mkdtemp(prefix=prefix)
        create = [BINARY, "devnet", "--dir", self.dir, "--traders", str(traders), "--validators", str(validators),
                  "--port-base", str(port_base), "--create-only", "--no-peg", "--markets", os.path.join(ROOT, "Markets")]
        if block_interval_ms is not None:
            create += ["--block-interval-ms", str(block_interval_ms)]
        subprocess.run(create, check=True, stdout=subprocess.DEVNULL, timeout=60, cwd=ROOT)
        with open(os.path.join(self.dir, "genesis.json")) as file:
            self.genesis = json.load(file)
        self.log = open(os.path.join(self.dir, "test.log"), "w")
        run = [BINARY, "node", "--dir", self.dir] if validators == 1 else [BINARY, "devnet", "--dir", self.dir]
        self.node = subprocess.Popen(run, stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            self.status = self._first_block(first_block_s)
        except BaseException:
            self.close()
            raise
        self.chain_id = bytes.fromhex(self.status["chain_id"])

    def _first_block(self, seconds: float) -> dict:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            status = self.current_status()
            if status is not None and status.get("height", 0) >= 1:
                return status
            time.sleep(0.1)
        raise TimeoutError(f"the devnet in {self.dir} made no block within {seconds} s")

    def current_status(self) -> Optional[dict]:
        """`lodestone status --json` now, or None while the node does not answer."""
        result = subprocess.run([BINARY, "status", "--dir", self.dir, "--json"], capture_output=True, text=True,
                                timeout=20)
        return json.loads(result.stdout) if result.returncode == 0 else None

    def endpoint(self, name: str) -> str:
        """The endpoint of "intake", "gateway", "feed" or "snapshot" (an `_endpoint` suffix is
        accepted: the node.json names)."""
        return f"tcp://127.0.0.1:{self.port_base + PORT_OFFSETS[name.removesuffix('_endpoint')]}"

    def key_path(self, trader: int) -> str:
        return os.path.join(self.dir, "keys", f"trader-{trader}.key")

    def close(self) -> None:
        if self.node.poll() is None:
            self.node.send_signal(signal.SIGTERM)
            try:
                self.node.wait(timeout=STOP_WAIT_S)
            except subprocess.TimeoutExpired:
                self.node.kill()
                self.node.wait(timeout=10)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)
