// swift-tools-version: 6.1
// Lodestone: a DEX matching engine and order-book service inside a sidechain node.
// Layers (imports point down only) are described in docs/ARCHITECTURE.md.
import PackageDescription

/// Optimized in debug builds too, with every `assert` kept (`-assert-config Debug`): the
/// commitment's BLAKE3 and the consensus rules, unoptimized, are most of a debug simulator seed
/// (sim-smoke runs on `make test`'s debug build) and of many tests.
let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O", "-assert-config", "Debug"], .when(configuration: .debug))]

let package = Package(
    name: "Lodestone",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lodestone", targets: ["Lodestone"]),
        .executable(name: "lodestone-replay", targets: ["LodestoneReplay"]),
        .executable(name: "lodestone-chainbench", targets: ["ChainBench"]),
        .executable(name: "lodestone-loadgen", targets: ["LoadGen"]),
        .executable(name: "lodestone-feedbench", targets: ["FeedBench"]),
        .executable(name: "lodestone-guardbench", targets: ["GuardBench"]),
        .executable(name: "lodestone-commitbench", targets: ["CommitBench"]),
        .executable(name: "lodestone-sim", targets: ["LodestoneSim"]),
        .executable(name: "lodestone-mainchain", targets: ["LodestoneMainChain"]),
        .library(
            name: "LodestoneCore",
            targets: [
                "Primitives", "Crypto", "Ledger", "Matching", "MatchingWorkloads", "Markets", "Storage", "ZeroMQ", "LodestoneWire", "Chain",
                "Pool", "MainChain", "Consensus", "Peg", "Gateway", "Node",
            ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // C libraries: each is touched by exactly one Swift wrapper type.
        .systemLibrary(name: "CZeroMQ", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        .systemLibrary(name: "CLevelDB", providers: [.apt(["libleveldb-dev"])]),

        .target(name: "Primitives"),
        .target(name: "Crypto", dependencies: ["Primitives", "CSecp256k1"], swiftSettings: optimizedInDebug),
        .target(name: "Ledger", dependencies: ["Primitives", "Crypto"]),
        .target(name: "Matching", dependencies: ["Primitives"]),
        .target(name: "Markets", dependencies: ["Primitives", "Matching", "TOMLKit"]),
        .target(name: "MatchingWorkloads", dependencies: ["Matching"]),
        .target(name: "Storage", dependencies: ["Primitives", "CLevelDB"]),
        .target(name: "ZeroMQ", dependencies: ["Primitives", "CZeroMQ"]),
        // Gateway wire schemas: Swift generated from proto/ by `make proto`, committed.
        .target(name: "LodestoneWire", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .target(name: "Chain", dependencies: ["Primitives", "Crypto", "Ledger", "Matching", "Markets", "Storage"]),
        // The proof-of-work main chain the peg talks to (a devnet chain): blocks, UTXO state,
        // storage, miner and its ZeroMQ RPC.
        .target(
            name: "MainChain",
            dependencies: ["Primitives", "Crypto", "Ledger", "Storage", "ZeroMQ", .product(name: "Logging", package: "swift-log")]),
        // The mempool, its journal and signature work: between the chain's state machine and the node.
        .target(name: "Pool", dependencies: ["Primitives", "Crypto", "Ledger", "Chain", "Storage"]),
        .target(name: "Consensus", dependencies: ["Primitives", "Crypto", "Ledger", "Chain", "Storage"], swiftSettings: optimizedInDebug),
        // The federation peg: the main-chain client (protocol + devnet adapter) and the member's core.
        .target(
            name: "Peg",
            dependencies: [
                "Primitives", "Crypto", "Ledger", "Storage", "ZeroMQ", "MainChain",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "Gateway",
            dependencies: [
                "Chain", "Ledger", "Crypto", "Primitives", "Matching", "Markets", "ZeroMQ", "LodestoneWire",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "Node",
            dependencies: [
                "Primitives", "Crypto", "Ledger", "Markets", "Chain", "Pool", "Consensus", "Storage", "ZeroMQ", "Gateway", "Peg",
                "MainChain",
                .product(name: "Logging", package: "swift-log"),
            ]),

        .executableTarget(
            name: "Lodestone",
            dependencies: [
                "Primitives", "Crypto", "Ledger", "Chain", "Pool", "Consensus", "Matching", "Markets", "Node", "Gateway", "LodestoneWire",
                "ZeroMQ", "Peg", "MainChain", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "LodestoneReplay",
            dependencies: ["Matching", "MatchingWorkloads", "Markets", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tools/replay"),

        .executableTarget(
            name: "LodestoneMainChain",
            dependencies: [
                "MainChain", "Primitives", "Crypto", "Ledger", "Chain", "Storage", "ZeroMQ", "Node",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tools/mainchain"),
        .target(name: "BenchSupport", dependencies: ["Crypto"], path: "Tools/support"),
        .executableTarget(
            name: "ChainBench",
            dependencies: [
                "BenchSupport", "Chain", "Pool", "Gateway", "Storage", "Matching", "MatchingWorkloads", "Markets", "Ledger", "Crypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/chainbench"),
        .executableTarget(
            name: "LoadGen",
            dependencies: [
                "BenchSupport", "Chain", "Crypto", "Gateway", "Ledger", "Matching", "Node", "Primitives", "ZeroMQ", "LodestoneWire",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/loadgen"),
        .executableTarget(
            name: "FeedBench",
            dependencies: [
                "Chain", "Gateway", "Matching", "MatchingWorkloads", "Primitives", "ZeroMQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/feedbench"),
        .executableTarget(
            name: "LodestoneSim",
            dependencies: [
                "Primitives", "Crypto", "Ledger", "Matching", "Markets", "Chain", "Pool", "Consensus", "Storage", "Node",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tools/sim"),
        .executableTarget(
            name: "CommitBench",
            dependencies: ["BenchSupport", "Crypto", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tools/commitbench"),
        .executableTarget(
            name: "GuardBench", dependencies: ["ZeroMQ", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tools/guardbench"),
        .target(
            name: "TestSupport",
            dependencies: ["Primitives", .product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/TestSupport"),
        .testTarget(name: "PrimitivesTests", dependencies: ["Primitives", "TestSupport"]),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto", "TestSupport"], resources: [.copy("Resources")]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "Crypto", "TestSupport"]),
        .testTarget(name: "MatchingTests", dependencies: ["Matching", "TestSupport"]),
        .testTarget(name: "MarketsTests", dependencies: ["Markets", "Matching", "TestSupport"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "TestSupport"]),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ", "TestSupport"]),
        .testTarget(name: "LodestoneWireTests", dependencies: ["LodestoneWire", "TestSupport"]),
        // The one-validator chain fixture shared by ChainTests and PoolTests (a test target
        // cannot depend on another).
        .target(
            name: "ChainFixtures", dependencies: ["Chain", "Ledger", "Crypto", "Matching", "Markets", "Primitives"],
            path: "Tests/ChainFixtures"),
        .testTarget(
            name: "ChainTests",
            dependencies: ["Chain", "ChainFixtures", "Pool", "Ledger", "Crypto", "Matching", "Markets", "Storage", "TestSupport"]),
        .testTarget(
            name: "PoolTests",
            dependencies: [
                "Pool", "Chain", "ChainFixtures", "Ledger", "Crypto", "Matching", "Markets", "Primitives", "Storage", "TestSupport",
            ]),
        .testTarget(name: "ConsensusTests", dependencies: ["Consensus", "Chain", "Ledger", "Crypto", "Storage", "TestSupport"]),
        .testTarget(
            name: "NodeTests",
            dependencies: [
                "Node", "Chain", "Pool", "Ledger", "Crypto", "Storage", "ZeroMQ", "Matching", "Gateway", "LodestoneWire", "TestSupport",
                "Peg", "MainChain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "Node", "Chain", "ChainFixtures", "Pool", "Ledger", "Crypto", "Primitives", "Matching", "Storage", "ZeroMQ",
                "LodestoneWire", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "SimTests",
            dependencies: ["LodestoneSim", "Consensus", "Chain", "Pool", "Crypto", "Primitives", "Storage", "Node", "TestSupport"]),
        .testTarget(
            name: "MainChainTests",
            dependencies: ["MainChain", "Ledger", "Crypto", "Primitives", "Storage", "ZeroMQ", "TestSupport"]),
        .testTarget(
            name: "PegTests",
            dependencies: [
                "Peg", "MainChain", "Ledger", "Crypto", "Primitives", "Chain", "Storage", "ZeroMQ", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "ReplayTests", dependencies: ["LodestoneReplay", "Matching", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
