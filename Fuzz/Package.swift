// swift-tools-version:5.4
// Coverage-guided fuzz targets for every decoder of untrusted bytes, run with libFuzzer by
// `make fuzz` (docs/FUZZING.md). Kept out of the main package: every target here is built
// with `-sanitize=fuzzer` and has no `main` of its own (libFuzzer supplies it).
// Tools version 5.4 on purpose: from 5.5 SwiftPM renames an executable's entry point to
// `<module>_main` and links `main` to it, which a libFuzzer target does not define.
import PackageDescription

/// Swift 6 language mode like the root package; a 5.4 manifest cannot name it otherwise.
let swift6: [SwiftSetting] = [.unsafeFlags(["-swift-version", "6"])]

let package = Package(
    name: "LodestoneFuzz",
    dependencies: [
        .package(name: "Lodestone", path: "..")
    ],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "LodestoneCore", package: "Lodestone")],
            path: "Support",
            swiftSettings: swift6),
        // Writes the seed corpus (Corpus/<target>/) from valid values; not a fuzz target.
        .executableTarget(
            name: "fuzz-seeds",
            dependencies: ["FuzzSupport", .product(name: "LodestoneCore", package: "Lodestone")],
            path: "Seeds",
            swiftSettings: swift6),
        // Every fuzz target (Targets/fuzz-<name>/) in one executable: the program name picks
        // the target (Targets/FuzzDispatch.swift), so the instrumented package links once.
        .executableTarget(
            name: "lodestone-fuzz",
            dependencies: ["FuzzSupport", .product(name: "LodestoneCore", package: "Lodestone")],
            path: "Targets",
            swiftSettings: swift6),
    ]
)
