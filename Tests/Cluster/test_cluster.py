"""Cluster tests: real `lodestone devnet --validators 4` processes over loopback ZeroMQ.

(a) four validators finalize; `lodestone status` shows the consensus state and every node;
    `lodestone vote` counts in `lodestone candidates` and `unvote` takes it back; one validator
    is killed with SIGKILL and the other three keep finalizing; restarted from its folder it
    catches up with them and holds the same blocks.
(b) the Python client's live test (clients/python/tests/test_gateway.py) passes against the
    follower's gateway and feeds, its stop-time SubscriptionEnded check included;
(c) killed with SIGKILL, the supervisor leaves no node running: each stops on its own.

`make test` runs this after the Python client's own live test. Fresh folders, fixed ports
7800-7899 (a: base 7801, b: base 7836, c: base 7845; see DevnetPorts). The bounds below are
what the test holds the cluster to: it fails if the chain stalls or the restarted node does
not catch up.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

# Bounds (seconds unless named otherwise).
VALIDATORS = 4
PORT_BASE_FINALITY = 7801           # test (a): ports 7801-7855
PORT_BASE_CLIENT = 7836             # test (b): ports 7836-7890
FIRST_HEIGHT = 3                    # every node (validators and follower) reaches this height ...
FIRST_HEIGHT_WITHIN = 90            # ... within this long after start
ADVANCE_BLOCKS = 5                  # with one validator killed the others finalize this many more blocks ...
ADVANCE_WITHIN = 30                 # ... within this long
CATCH_UP_WITHIN = 45                # the restarted validator reaches the others' height within this long
UNVOTE_WITHIN = 60                  # an unvote sent to each validator in turn lands within this long
SAME_TIPS_WITHIN = 30               # and is seen at the same height with the same tip hash within this long
STATUS_TIMEOUT_MS = 1_000           # one `lodestone status` answer
STOP_WITHIN = 40                    # the whole devnet stops after SIGTERM
PORT_BASE_SUPERVISOR = 7845         # test (c): ports 7845-7899
NODES_GONE_WITHIN = 10              # every node ends after its supervisor was killed with SIGKILL

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.path.join(ROOT, ".build", "debug", "lodestone")


def intake(port_base, name):
    """The intake endpoint of `follower` or `validator-K` (DevnetPorts)."""
    if name == "follower":
        return f"tcp://127.0.0.1:{port_base}"
    return f"tcp://127.0.0.1:{port_base + 50 + int(name.split('-')[1])}"


def status(port_base, name):
    """The node's status JSON, or None when it does not answer."""
    result = subprocess.run([BINARY, "status", "--intake", intake(port_base, name), "--json", "--timeout-ms", str(STATUS_TIMEOUT_MS)],
                            capture_output=True, text=True, timeout=30)
    return json.loads(result.stdout) if result.returncode == 0 else None


def wait_for(check, what, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"no {what} within {seconds} s")


class ClusterDevnet:
    """`lodestone devnet --validators 4 --keep-going` in a fresh folder, in its own session."""

    def __init__(self, port_base):
        self.port_base = port_base
        self.scratch = tempfile.mkdtemp(prefix="lodestone-cluster-")
        self.dir = os.path.join(self.scratch, "devnet")  # lodestone devnet wants an empty or new folder
        self.output_path = os.path.join(self.scratch, "devnet.out")
        self.output = open(self.output_path, "w")
        self.process = subprocess.Popen(
            [BINARY, "devnet", "--dir", self.dir, "--validators", str(VALIDATORS), "--port-base", str(port_base), "--keep-going", "--no-peg"],
            stdout=self.output, stderr=subprocess.STDOUT, start_new_session=True)
        self.pids = wait_for(self._pids, "node processes", 60)
        self.restarted = []

    def _pids(self):
        with open(self.output_path) as file:
            for line in file:
                if line.startswith("running "):
                    return {name: int(pid) for name, pid in re.findall(r"([\w-]+) pid (\d+)", line)}
        if self.process.poll() is not None:
            raise AssertionError(f"lodestone devnet exited with {self.process.returncode}:\n{self.tail()}")
        return None

    def names(self):
        return [f"validator-{k}" for k in range(1, VALIDATORS + 1)] + ["follower"]

    def heights(self, names):
        """Each named node's height (None when it does not answer)."""
        return {name: (status(self.port_base, name) or {}).get("height") for name in names}

    def restart(self, name):
        """Runs `lodestone node` on the validator's folder again (disk kept)."""
        log = open(os.path.join(self.scratch, f"{name}.restart.log"), "w")
        process = subprocess.Popen([BINARY, "node", "--dir", os.path.join(self.dir, name)], stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.restarted.append((process, log))
        return process

    def tail(self, lines=40):
        """The last lines of the devnet's output and of every node's log, for failure messages."""
        logs = os.path.join(self.dir, "logs")
        paths = [self.output_path] + (sorted(os.path.join(logs, name) for name in os.listdir(logs)) if os.path.isdir(logs) else [])
        text = ""
        for path in paths:
            with open(path, errors="replace") as file:
                text += f"--- {os.path.basename(path)}\n" + "".join(file.readlines()[-lines:])
        return text

    def close(self):
        for process, log in self.restarted:
            process.send_signal(signal.SIGTERM)
        self.process.send_signal(signal.SIGTERM)
        for process in [self.process] + [process for process, _ in self.restarted]:
            try:
                process.wait(timeout=STOP_WITHIN)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for _, log in self.restarted:
            log.close()
        self.output.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


def run_cli(*arguments):
    """`lodestone ARGUMENTS`: (exit status, stdout + stderr)."""
    result = subprocess.run([BINARY, *arguments], capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout + result.stderr


@unittest.skipUnless(os.path.exists(BINARY), "build the node first (swift build)")
class ClusterFinalityTests(unittest.TestCase):
    """One 4-validator devnet for the class; tests run in name order and the last kills a validator."""

    @classmethod
    def setUpClass(cls):
        cls.devnet = ClusterDevnet(PORT_BASE_FINALITY)
        try:
            wait_for(lambda: all((h or 0) >= FIRST_HEIGHT for h in cls.devnet.heights(cls.devnet.names()).values()),
                     f"height {FIRST_HEIGHT} on every node", FIRST_HEIGHT_WITHIN)
        except BaseException:
            print(cls.devnet.tail(), file=sys.stderr)
            cls.devnet.close()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.devnet.close()

    def run(self, result=None):
        # On failure, show what the nodes logged.
        failures = len(result.failures) + len(result.errors) if result else 0
        outcome = super().run(result)
        if result and len(result.failures) + len(result.errors) > failures:
            print(self.devnet.tail(), file=sys.stderr)
        return outcome

    def test_a_status_shows_consensus_and_every_node(self):
        devnet = self.devnet
        code, text = run_cli("status", "--dir", devnet.dir)
        self.assertEqual(code, 0, text)
        for word in ("round", "step", "finality", "peer"):
            self.assertIn(word, text)
        code, text = run_cli("status", "--dir", devnet.dir, "--all")
        self.assertEqual(code, 0, text)
        lines = text.strip().splitlines()
        self.assertEqual([line.split()[0] for line in lines], devnet.names(), text)
        self.assertTrue(all("height" in line and "not answering" not in line for line in lines), text)

    def test_b_vote_counts_for_the_candidate_and_unvote_takes_it_back(self):
        devnet = self.devnet
        candidate = run_cli("keys", "show", os.path.join(devnet.dir, "validator-1", "keys", "validator.key"))[1].strip()
        trader = os.path.join(devnet.dir, "keys", "trader-1.key")
        amount = 5_000_000_000
        before = self._votes(candidate)
        code, text = run_cli("vote", "--dir", devnet.dir, "--key", trader, "--candidate", candidate, "--amount", str(amount))
        self.assertEqual(code, 0, text)
        lock = re.search(r"^lock (\S+)$", text, re.MULTILINE).group(1)
        wait_for(lambda: self._votes(candidate) == before + amount, f"{amount} more votes for {candidate}", ADVANCE_WITHIN)
        code, text = run_cli("candidates", "--dir", devnet.dir)
        self.assertEqual(code, 0, text)
        self.assertIn(candidate, text)

        # The ledger wants the unvote in the block of the height it names, and a mempool admits
        # only its next height: it lands when the validator it is sent to proposes that block.
        # So it goes to each validator in turn until the votes drop (see the report/docs).
        deadline = time.time() + UNVOTE_WITHIN
        attempt = 0
        while True:
            target = os.path.join(devnet.dir, f"validator-{attempt % VALIDATORS + 1}")
            attempt += 1
            code, text = run_cli("unvote", "--dir", target, "--key", trader, "--lock", lock, "--candidate", candidate)
            if code == 0 and self._votes_become(candidate, before, seconds=1.5):
                break
            self.assertLess(time.time(), deadline, f"the unvote of {lock} never took effect after {attempt} attempts: {text}")

    def _votes_become(self, candidate, votes, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self._votes(candidate) == votes:
                return True
            time.sleep(0.2)
        return False

    def _votes(self, candidate):
        code, text = run_cli("candidates", "--dir", self.devnet.dir, "--json")
        self.assertEqual(code, 0, text)
        return next((entry["votes"] for entry in json.loads(text) if entry["key"] == candidate), 0)

    def test_z_killed_validator_others_keep_finalizing_restarted_one_catches_up(self):
        devnet = self.devnet
        everyone = devnet.names()
        victim = "validator-2"
        os.kill(devnet.pids[victim], signal.SIGKILL)
        wait_for(lambda: status(devnet.port_base, victim) is None, f"{victim} gone", 10)
        survivors = [name for name in everyone if name != victim]
        start = max(h or 0 for h in devnet.heights(survivors).values())
        wait_for(lambda: all((h or 0) >= start + ADVANCE_BLOCKS for h in devnet.heights(survivors).values()),
                 f"{ADVANCE_BLOCKS} more blocks on {survivors} with {victim} killed", ADVANCE_WITHIN)
        self.assertIsNone(status(devnet.port_base, victim), f"{victim} was killed and must stay down")

        target = max(h or 0 for h in devnet.heights(survivors).values())
        devnet.restart(victim)
        wait_for(lambda: (devnet.heights([victim])[victim] or 0) >= target, f"{victim} catching up to height {target}",
                 CATCH_UP_WITHIN)

        # Same height, same tip: sample both until they are seen at one height.
        reference = "validator-1"
        seen = {victim: {}, reference: {}}

        def same_height_seen():
            # One `status --all` asks every node within milliseconds of each other.
            code, text = run_cli("status", "--dir", devnet.dir, "--all", "--json", "--timeout-ms", str(STATUS_TIMEOUT_MS))
            if code == 0:
                answers = json.loads(text)
                for name in seen:
                    if name in answers:
                        seen[name][answers[name]["height"]] = answers[name]["tip_hash"]
            return set(seen[victim]) & set(seen[reference])

        common = wait_for(same_height_seen, f"{victim} and {reference} at one height", SAME_TIPS_WITHIN)
        for height in sorted(common):
            self.assertEqual(seen[victim][height], seen[reference][height], f"tip hash at height {height}")
        # And the cluster still finalizes with all four.
        after = max(common)
        wait_for(lambda: all((h or 0) >= after + 2 for h in devnet.heights(everyone).values()),
                 "two more blocks on every node after the restart", ADVANCE_WITHIN)


@unittest.skipUnless(os.path.exists(BINARY), "build the node first (swift build)")
class ClusterClientTests(unittest.TestCase):
    def test_python_client_live_test_against_the_follower(self):
        """clients/python/tests/test_gateway.py, its devnet replaced by a 4-validator one: orders go
        to the follower's gateway, fills and books come from its feeds."""
        environment = dict(os.environ, LODESTONE_TEST_VALIDATORS=str(VALIDATORS), LODESTONE_TEST_PORT_BASE=str(PORT_BASE_CLIENT))
        result = subprocess.run([sys.executable, os.path.join(ROOT, "clients", "python", "tests", "test_gateway.py"), "-v"],
                                env=environment, capture_output=True, text=True, timeout=600)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        # Every test ran, none skipped, the stop-time SubscriptionEnded check included.
        lines = result.stderr.splitlines()
        self.assertIn("OK", lines, result.stderr)
        header = next(index for index, line in enumerate(lines) if line.startswith("test_z_subscription_ends_when_the_node_stops"))
        self.assertTrue(lines[header + 1].endswith("... ok"), result.stderr)


def alive(pid):
    """Whether process `pid` still runs (a zombie left for init to reap has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as file:
            return file.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:
        pass
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


@unittest.skipUnless(os.path.exists(BINARY), "build the node first (swift build)")
class ClusterSupervisorTests(unittest.TestCase):
    def test_nodes_stop_when_the_supervisor_is_killed(self):
        """SIGKILL to `lodestone devnet` (which it cannot pass on): every node notices that its
        parent is gone (`--parent-pid`) and stops cleanly on its own within NODES_GONE_WITHIN."""
        devnet = ClusterDevnet(PORT_BASE_SUPERVISOR)
        try:
            wait_for(lambda: all(h is not None for h in devnet.heights(devnet.names()).values()), "an answer from every node",
                     FIRST_HEIGHT_WITHIN)
            os.kill(devnet.process.pid, signal.SIGKILL)
            devnet.process.wait()
            try:
                wait_for(lambda: not any(alive(pid) for pid in devnet.pids.values()), "end of every node", NODES_GONE_WITHIN)
            except AssertionError:
                running = [name for name, pid in devnet.pids.items() if alive(pid)]
                raise AssertionError(f"still running {NODES_GONE_WITHIN} s after the supervisor was killed: {running}\n{devnet.tail()}")
            for name in devnet.names():
                with open(os.path.join(devnet.dir, "logs", f"{name}.log"), errors="replace") as file:
                    log = file.read()
                self.assertIn("is gone", log, f"{name} did not stop on its own:\n{log[-2000:]}")
                self.assertIn("block thread stopped", log, f"{name} did not stop cleanly:\n{log[-2000:]}")
        finally:
            for pid in devnet.pids.values():
                if alive(pid):
                    os.kill(pid, signal.SIGKILL)
            devnet.close()


if __name__ == "__main__":
    unittest.main()
