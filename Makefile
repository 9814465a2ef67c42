# Lodestone — set-up, build and test entry points. `make test` is what CI runs.
SWIFT        ?= swift
APT_PACKAGES := libzmq3-dev libsecp256k1-dev libleveldb-dev pkg-config
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps py-deps build release test bench replay-bench devnet clean fuzz fuzz-build fuzz-run fuzz-smoke fuzz-smoke-run fuzz-seeds

## deps: install the C libraries with apt, only those that are missing.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

## Debug builds carry no DWARF (`DEBUG_INFO=dwarf` puts it back): the whole build of
## `make test` takes about 16% less time and 12% less CPU (330 s → 276 s on 2 cores), and
## backtraces still name functions. Every debug build below passes it, so they share one
## build in .build/debug (a plain `swift build` differs, and rebuilds).
DEBUG_INFO  ?= none
SWIFT_DEBUG := -debug-info-format $(DEBUG_INFO)

## build: debug build of every product.
build: deps
	$(SWIFT) build $(SWIFT_DEBUG)

## release: optimized build of the executables.
release: deps
	$(SWIFT) build -c release

## test: every test (the Python SDK's offline and live tests, its CCXT adapter's, the market-maker
## example's two-minute run, the adversarial suite against a
## live node in Tests/Adversarial, the cluster tests against 4-validator devnets in
## Tests/Cluster, the package's Swift Testing suites, sim-smoke, fuzz-smoke), after installing
## what is missing. .ci/test-stages.sh runs them: the timed stages one at a time, the Python
## venv, the fuzz build and the simulator in the background (the last two at nice 19), and
## prints each stage's wall time.
test: deps
	MAKE="$(MAKE)" SWIFT="$(SWIFT)" SWIFT_DEBUG="$(SWIFT_DEBUG)" PY_ENV="$(PY_ENV)" .ci/test-stages.sh

## py-deps: a virtualenv with the Python SDK (clients/python, installed editable with its CCXT
## extra) and its packages from PyPI.
PYTHON ?= python3
PY_ENV := .build-py
py-deps:
	@[ -x $(PY_ENV)/bin/python ] || $(PYTHON) -m venv $(PY_ENV)
	@$(PY_ENV)/bin/pip install -q --disable-pip-version-check -e './clients/python[ccxt]'

## bench: the ordo-one benchmarks in Benchmarks/ (optimized).
bench: deps
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark

## replay-bench: the matching core on a synthetic exchange-core-like mix.
replay-bench: release
	.build/release/lodestone-replay --generate 2000000 --seed 7 > /tmp/lodestone-ops.jsonl
	.build/release/lodestone-replay --bench < /tmp/lodestone-ops.jsonl

clean:
	rm -rf .build Benchmarks/.build $(FUZZ_SCRATCH) .build-ci

## sim-smoke: SIM_SEEDS seeded cluster simulations from SIM_FIRST_SEED (Tools/sim/README.md),
## each drawing its faults, on SIM_JOBS threads, with the debug build `make test` already made
## (about 1.9 s of CPU a seed on average until the consensus engine stopped running its rules
## 256 times per message; well under half of that since, Tools/sim/README.md);
## fails if any seed fails a check.
SIM_SEEDS ?= 200
SIM_FIRST_SEED ?= 1
SIM_JOBS  ?= 2
.PHONY: sim-smoke
sim-smoke: deps
	$(SWIFT) build --product lodestone-sim $(SWIFT_DEBUG)
	.build/debug/lodestone-sim --seeds $(SIM_SEEDS) --first-seed $(SIM_FIRST_SEED) --jobs $(SIM_JOBS)

## fuzz: coverage-guided fuzzing (libFuzzer) of every decoder, FUZZ_SECONDS per target
## (docs/FUZZING.md). Seeds come from Fuzz/Corpus (left untouched); found inputs, crashes
## and logs go to .build-fuzz/run. Fails if any target crashes or breaks a property.
## fuzz-smoke: the same for 5 s per target (CI, from `make test`). FUZZ_JOBS targets run at
## once (default: one per core; each libFuzzer run uses one core for its whole time).
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= $(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
FUZZ_SCRATCH := .build-fuzz
FUZZ_TARGETS := fuzz-canonical fuzz-transaction fuzz-block fuzz-wire-request fuzz-wire-server \
                fuzz-wire-snapshot fuzz-feed fuzz-intake fuzz-config-node fuzz-config-genesis
FUZZ_BUILD   := --package-path Fuzz --scratch-path $(FUZZ_SCRATCH) -c debug $(SWIFT_DEBUG) \
                -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
## Only the one fuzz executable (and what it imports) is built, instrumented: a plain build of
## Fuzz/ would also build every executable of the root package. Each target is a link to it.
fuzz-build: deps
	$(SWIFT) build $(FUZZ_BUILD) --product lodestone-fuzz
	for target in $(FUZZ_TARGETS); do ln -sf lodestone-fuzz $(FUZZ_SCRATCH)/debug/$$target; done

fuzz: fuzz-build
	$(MAKE) fuzz-run

## fuzz-run / fuzz-smoke-run: the runs alone, on what fuzz-build built (`make test` builds in
## the background first).
fuzz-run:
	FUZZ_JOBS=$(FUZZ_JOBS) Fuzz/run.sh $(FUZZ_SCRATCH)/debug $(FUZZ_SCRATCH)/run $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	$(MAKE) fuzz-smoke-run

fuzz-smoke-run:
	$(MAKE) fuzz-run FUZZ_SECONDS=5

## fuzz-seeds: (re)write the generated seeds in Fuzz/Corpus from valid values (Fuzz/Seeds);
## inputs added by hand stay.
fuzz-seeds: deps
	$(SWIFT) build $(FUZZ_BUILD) --product fuzz-seeds
	ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no $(FUZZ_SCRATCH)/debug/fuzz-seeds Fuzz/Corpus Markets

## devnet: create ./devnet (four validators and a follower serving the gateway and feeds, keys,
## genesis with the shipped markets, a proof-of-work main chain and three federation members
## pegging BTC and USDT) if missing and run it until Ctrl-C; the first run funds the traders
## through the peg (docs/OPERATIONS.md). `make devnet DEVNET_FLAGS=--fresh` starts over from a
## new genesis; `DEVNET_FLAGS=--no-peg` makes a devnet without the peg;
## `make devnet DEVNET_VALIDATORS=1` runs a single validator. `build` builds lodestone-mainchain
## beside lodestone.
DEVNET_FLAGS ?=
DEVNET_VALIDATORS ?= 4
devnet: build
	.build/debug/lodestone devnet --dir devnet --validators $(DEVNET_VALIDATORS) $(DEVNET_FLAGS)

## proto: regenerate the gateway's Swift (Sources/LodestoneWire/Generated) and the Python SDK's
## modules (clients/python/lodestone/proto) from proto/*.proto.
## The generated Swift is committed and `make test` never runs this. protoc comes from
## Debian; protoc-gen-swift is built once from the swift-protobuf pinned in
## Tools/protoc-gen-swift (same version as the runtime in Package.swift).
PROTO_OUT        := Sources/LodestoneWire/Generated
PY_PROTO_OUT     := clients/python/lodestone/proto
PROTOC_GEN_SWIFT := .build-protoc/release/protoc-gen-swift
.PHONY: proto
proto: $(PROTOC_GEN_SWIFT)
	@dpkg -s protobuf-compiler >/dev/null 2>&1 || { \
	  echo "installing: protobuf-compiler"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq protobuf-compiler >/dev/null; }
	mkdir -p $(PROTO_OUT)
	rm -f $(PROTO_OUT)/*.pb.swift
	protoc --plugin=protoc-gen-swift=$(PROTOC_GEN_SWIFT) --proto_path=proto \
	  --swift_out=$(PROTO_OUT) --swift_opt=Visibility=Public proto/*.proto
	protoc --proto_path=proto --python_out=$(PY_PROTO_OUT) proto/*.proto
	sed -i 's/^import \(\w*_pb2\) as/from . import \1 as/' $(PY_PROTO_OUT)/*_pb2.py

$(PROTOC_GEN_SWIFT): Tools/protoc-gen-swift/Package.swift
	$(SWIFT) build -c release --product protoc-gen-swift \
	  --package-path Tools/protoc-gen-swift --scratch-path .build-protoc
