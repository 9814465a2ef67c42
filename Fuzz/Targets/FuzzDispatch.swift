#if canImport(Glibc)
    import Glibc
#endif

// Every fuzz target is one function in this one executable, so the instrumented build links
// the package once instead of ten times. `make fuzz-build` links `fuzz-<name>` to it; the
// name the process was started under (or `LODESTONE_FUZZ_TARGET`) picks the target.

/// The fuzz targets by name, as `make fuzz` and docs/FUZZING.md list them.
let fuzzTargets: [(name: String, run: @Sendable (UnsafePointer<UInt8>, Int) -> CInt)] = [
    ("fuzz-canonical", fuzzCanonical),
    ("fuzz-transaction", fuzzTransaction),
    ("fuzz-block", fuzzBlock),
    ("fuzz-wire-request", fuzzWireRequest),
    ("fuzz-wire-server", fuzzWireServer),
    ("fuzz-wire-snapshot", fuzzWireSnapshot),
    ("fuzz-feed", fuzzFeed),
    ("fuzz-intake", fuzzIntake),
    ("fuzz-config-node", fuzzConfigNode),
    ("fuzz-config-genesis", fuzzConfigGenesis),
]

/// The target this process runs: its program name's last path component, or else the
/// `LODESTONE_FUZZ_TARGET` environment variable. An unknown name stops at once.
let selectedTarget: @Sendable (UnsafePointer<UInt8>, Int) -> CInt = {
    let program = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
    let fromEnvironment = getenv("LODESTONE_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    for name in [program, fromEnvironment] {
        if let target = fuzzTargets.first(where: { $0.name == name }) { return target.run }
    }
    let known = fuzzTargets.map(\.name).joined(separator: ", ")
    fatalError("no fuzz target named '\(program)' or LODESTONE_FUZZ_TARGET='\(fromEnvironment)'; targets: \(known)")
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    selectedTarget(data, size)
}
