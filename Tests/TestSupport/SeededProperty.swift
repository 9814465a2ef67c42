import PropertyBased

/// Runs `body` on `count` values drawn from `generator` with a fixed seed, so every run on
/// every machine checks the same cases and a failure names the case index to replay.
///
/// swift-property-based's own `propertyCheck` seeds from the system RNG; our tests must be
/// reproducible, so we drive its generators with a seeded `Xoshiro` instead.
public func seededCheck<Value>(
    seed: UInt64,
    count: Int,
    _ generator: Generator<Value, some Sequence>,
    _ body: (_ value: Value, _ caseIndex: Int) throws -> Void
) rethrows {
    var rng = seededRandom(seed)
    for caseIndex in 0..<count {
        let value = generator.run(using: &rng)
        try body(value, caseIndex)
    }
}

/// A deterministic random source for tests: the same `seed` gives the same stream everywhere.
public func seededRandom(_ seed: UInt64) -> Xoshiro {
    // SplitMix64 spreads one word of seed over the generator's four words of state.
    var state = seed
    func splitMix() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    return Xoshiro(seed: (splitMix(), splitMix(), splitMix(), splitMix()))
}
