/// The simulator's only source of randomness: xoshiro256** seeded through SplitMix64, with
/// its own integer helpers (unbiased, by rejection), so a seed gives the same stream on every
/// machine and Swift version. `SystemRandomNumberGenerator` is never used: a failing seed
/// must replay exactly.
struct SimRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    init(seed: UInt64) {
        var state = seed
        s0 = Self.splitMix(&state)
        s1 = Self.splitMix(&state)
        s2 = Self.splitMix(&state)
        s3 = Self.splitMix(&state)
        // xoshiro's state must not be all zero; SplitMix64 never yields four zeros, but be sure.
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// SplitMix64: spreads one word of seed over many well-mixed words.
    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits (xoshiro256**).
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform value in 0..<bound (bound > 0), without modulo bias.
    mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "an empty range")
        // Reject the top partial block so every residue is equally likely.
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let value = next()
            if value < limit { return value % bound }
        }
    }

    /// A uniform integer in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(below(UInt64(range.upperBound - range.lowerBound) + 1))
    }

    /// A uniform value in `range`.
    mutating func uint64(in range: ClosedRange<UInt64>) -> UInt64 {
        let span = range.upperBound - range.lowerBound
        return span == .max ? next() : range.lowerBound + below(span + 1)
    }

    /// True with probability `perMille` / 1000 (integers only, so runs agree everywhere).
    mutating func chance(perMille: Int) -> Bool {
        perMille > 0 && Int(below(1_000)) < perMille
    }

    /// One element of a non-empty array.
    mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[Int(below(UInt64(elements.count)))]
    }

    /// The elements in a random order (Fisher–Yates).
    mutating func shuffled<Element>(_ elements: [Element]) -> [Element] {
        var result = elements
        guard result.count > 1 else { return result }
        for index in stride(from: result.count - 1, to: 0, by: -1) {
            result.swapAt(index, Int(below(UInt64(index + 1))))
        }
        return result
    }

    /// An independent generator for one part of the world (network, traders, faults), so
    /// that drawing more in one part does not shift the others' streams.
    mutating func fork() -> SimRandom { SimRandom(seed: next()) }
}
