/// The inverse mod p by Bernstein–Yang "safegcd" (https://gcd.cr.yp.to/papers.html), in the
/// variable-time form libsecp256k1 and Bitcoin Core use: divsteps on (f, g) = (p, x), 62 at
/// a time from the low bits alone, each batch applied as a 2×2 matrix to f, g and to the
/// coefficients d, e with f ≡ d·x, g ≡ e·x (mod p). When g reaches 0, f = ±1 and d·f is
/// x⁻¹. About 100 batches of 50-limb updates, ≈70 µs in a release build, where Fermat's
/// x^(p−2) took 3072 squarings and ≈10 ms. Timing depends on x, which is public (a
/// UTXO-set state).
///
/// Numbers here are 50 signed limbs of 62 bits (the top one signed and unbounded), so a
/// matrix product never overflows a 128-bit accumulator.
extension Num3072 {
    /// Bits per signed limb, and divsteps per batch.
    static var signedLimbBits: Int { 62 }
    /// Signed limbs of a value: 3072 = 49·62 + 34.
    static var signedLimbCount: Int { 50 }
    /// Bits of p's top signed limb: p = 2³⁴·2^(62·49) − c.
    static var modulusTopBits: Int { 3072 % signedLimbBits }
    /// Low 62 bits.
    static var signedLimbMask: Int64 { (1 << 62) - 1 }
    /// p⁻¹ mod 2⁶², by Newton's iteration (each step doubles the correct low bits).
    static let modulusInverse62: UInt64 = {
        let low = 0 &- modulusComplement
        var inverse = low  // correct to 3 bits: an odd x is its own inverse mod 8
        for _ in 0..<5 { inverse = inverse &* (2 &- low &* inverse) }
        return inverse & UInt64(signedLimbMask)
    }()
    /// A bound on batches: about 9000 divsteps suffice for any 3072-bit input.
    static var maxInverseBatches: Int { 200 }

    /// x⁻¹ mod p, fully reduced; 0 for x ≡ 0 (which has no inverse: callers never pass it).
    var inverse: Num3072 {
        let x = reduced
        guard x != .zero else { return .zero }
        return withUnsafeTemporaryAllocation(of: Int64.self, capacity: 4 * Self.signedLimbCount) { buffer in
            buffer.initialize(repeating: 0)
            let n = Self.signedLimbCount
            let (d, e, f, g) = (
                UnsafeMutableBufferPointer(rebasing: buffer[0..<n]), UnsafeMutableBufferPointer(rebasing: buffer[n..<(2 * n)]),
                UnsafeMutableBufferPointer(rebasing: buffer[(2 * n)..<(3 * n)]), UnsafeMutableBufferPointer(rebasing: buffer[(3 * n)...]))
            e[0] = 1
            f[0] = -Int64(Self.modulusComplement)
            f[n - 1] = 1 << Self.modulusTopBits
            x.withLimbs { Self.toSignedLimbs($0, g) }
            Self.runDivsteps(d: d, e: e, f: f, g: g)
            var result = Num3072.zero
            result.withMutableLimbs { Self.fromSignedLimbs(d, $0) }
            assert(!result.isAtLeastModulus, "safegcd leaves d in [0, p)")
            return result
        }
    }

    /// Batches of divsteps until g = 0, then d ← d·f mod p (f is ±1 by then).
    private static func runDivsteps(
        d: UnsafeMutableBufferPointer<Int64>, e: UnsafeMutableBufferPointer<Int64>,
        f: UnsafeMutableBufferPointer<Int64>, g: UnsafeMutableBufferPointer<Int64>
    ) {
        var eta: Int64 = -1
        var length = signedLimbCount
        for _ in 0..<maxInverseBatches {
            let matrix = divsteps(eta: &eta, f: UInt64(bitPattern: f[0]), g: UInt64(bitPattern: g[0]))
            updateFG(f, g, matrix, length: length)
            updateDE(d, e, matrix)
            if g[0..<length].allSatisfy({ $0 == 0 }) {
                assert(f[0] & signedLimbMask == 1 || f[0] & signedLimbMask == signedLimbMask, "gcd(p, x) = 1")
                normalize(d, negate: f[length - 1] < 0)
                return
            }
            // Both top limbs only sign-extend the one below: drop them.
            let fTop = f[length - 1], gTop = g[length - 1]
            if length >= 2 && (fTop == 0 || fTop == -1) && (gTop == 0 || gTop == -1) {
                f[length - 2] |= fTop &<< signedLimbBits
                g[length - 2] |= gTop &<< signedLimbBits
                length -= 1
            }
        }
        preconditionFailure("safegcd converges within \(maxInverseBatches) batches for a 3072-bit modulus")
    }

    /// The 2×2 matrix of 62 divsteps, scaled by 2⁶², from the low 64 bits of f (odd) and
    /// g, updating eta (−δ of the paper). One divstep: halve g while it is even; when odd,
    /// swap in (g, −f) if eta < 0, then add f to g, making it even again.
    private static func divsteps(eta: inout Int64, f f0: UInt64, g g0: UInt64) -> (u: Int64, v: Int64, q: Int64, r: Int64) {
        precondition(f0 & 1 == 1, "f stays odd")
        var (u, v, q, r): (UInt64, UInt64, UInt64, UInt64) = (1, 0, 0, 1)
        var (f, g) = (f0, g0)
        var remaining = signedLimbBits
        while true {
            // The sentinel bit stops the count at the steps still to do.
            let zeros = (g | (UInt64.max &<< UInt64(remaining))).trailingZeroBitCount
            g &>>= UInt64(zeros)
            u &<<= UInt64(zeros)
            v &<<= UInt64(zeros)
            eta -= Int64(zeros)
            remaining -= zeros
            if remaining == 0 { break }
            if eta < 0 {
                eta = -eta
                (f, g) = (g, 0 &- f)
                (u, q) = (q, 0 &- u)
                (v, r) = (r, 0 &- v)
            }
            g &+= f
            q &+= u
            r &+= v
        }
        return (Int64(bitPattern: u), Int64(bitPattern: v), Int64(bitPattern: q), Int64(bitPattern: r))
    }

    /// [f, g] ← matrix·[f, g] / 2⁶² over the `length` significant limbs; exact, since the
    /// matrix was chosen to clear the low 62 bits.
    private static func updateFG(
        _ f: UnsafeMutableBufferPointer<Int64>, _ g: UnsafeMutableBufferPointer<Int64>,
        _ m: (u: Int64, v: Int64, q: Int64, r: Int64), length: Int
    ) {
        var cf = Int128(m.u) * Int128(f[0]) + Int128(m.v) * Int128(g[0])
        var cg = Int128(m.q) * Int128(f[0]) + Int128(m.r) * Int128(g[0])
        assert(Int64(truncatingIfNeeded: cf) & signedLimbMask == 0 && Int64(truncatingIfNeeded: cg) & signedLimbMask == 0)
        cf >>= signedLimbBits
        cg >>= signedLimbBits
        for index in 1..<length {
            cf += Int128(m.u) * Int128(f[index]) + Int128(m.v) * Int128(g[index])
            cg += Int128(m.q) * Int128(f[index]) + Int128(m.r) * Int128(g[index])
            f[index - 1] = Int64(truncatingIfNeeded: cf) & signedLimbMask
            g[index - 1] = Int64(truncatingIfNeeded: cg) & signedLimbMask
            cf >>= signedLimbBits
            cg >>= signedLimbBits
        }
        f[length - 1] = Int64(truncatingIfNeeded: cf)
        g[length - 1] = Int64(truncatingIfNeeded: cg)
    }

    /// [d, e] ← (matrix·[d, e] + p·[md, me]) / 2⁶², with md, me chosen to clear the low 62
    /// bits (and to add p to a negative input), which keeps d and e in (−2p, p).
    private static func updateDE(
        _ d: UnsafeMutableBufferPointer<Int64>, _ e: UnsafeMutableBufferPointer<Int64>,
        _ m: (u: Int64, v: Int64, q: Int64, r: Int64)
    ) {
        let top = signedLimbCount - 1
        let dSign = d[top] >> 63, eSign = e[top] >> 63
        var md = (m.u & dSign) &+ (m.v & eSign)
        var me = (m.q & dSign) &+ (m.r & eSign)
        var cd = Int128(m.u) * Int128(d[0]) + Int128(m.v) * Int128(e[0])
        var ce = Int128(m.q) * Int128(d[0]) + Int128(m.r) * Int128(e[0])
        md &-= Int64(bitPattern: (modulusInverse62 &* UInt64(truncatingIfNeeded: cd) &+ UInt64(bitPattern: md)) & UInt64(signedLimbMask))
        me &-= Int64(bitPattern: (modulusInverse62 &* UInt64(truncatingIfNeeded: ce) &+ UInt64(bitPattern: me)) & UInt64(signedLimbMask))
        // p's low signed limb is −c; limbs 1…48 are 0; the top one is 2³⁴.
        cd -= Int128(modulusComplement) * Int128(md)
        ce -= Int128(modulusComplement) * Int128(me)
        assert(Int64(truncatingIfNeeded: cd) & signedLimbMask == 0 && Int64(truncatingIfNeeded: ce) & signedLimbMask == 0)
        cd >>= signedLimbBits
        ce >>= signedLimbBits
        for index in 1...top {
            cd += Int128(m.u) * Int128(d[index]) + Int128(m.v) * Int128(e[index])
            ce += Int128(m.q) * Int128(d[index]) + Int128(m.r) * Int128(e[index])
            if index == top {
                cd += Int128(md) << modulusTopBits
                ce += Int128(me) << modulusTopBits
            }
            d[index - 1] = Int64(truncatingIfNeeded: cd) & signedLimbMask
            e[index - 1] = Int64(truncatingIfNeeded: ce) & signedLimbMask
            cd >>= signedLimbBits
            ce >>= signedLimbBits
        }
        d[top] = Int64(truncatingIfNeeded: cd)
        e[top] = Int64(truncatingIfNeeded: ce)
    }

    /// d in (−2p, p) → (negated if asked) d mod p in [0, p), every limb in [0, 2⁶²).
    private static func normalize(_ d: UnsafeMutableBufferPointer<Int64>, negate: Bool) {
        let top = signedLimbCount - 1
        func addModulusIfNegative() {
            let negative = d[top] >> 63
            d[0] &+= -Int64(modulusComplement) & negative
            d[top] &+= (1 << modulusTopBits) & negative
        }
        func carry() {
            for index in 0..<top {
                d[index + 1] &+= d[index] >> signedLimbBits
                d[index] &= signedLimbMask
            }
        }
        addModulusIfNegative()  // now in (−p, p)
        if negate { for index in 0...top { d[index] = 0 &- d[index] } }
        carry()
        addModulusIfNegative()  // now in [0, p)
        carry()
    }

    /// 48 limbs of 64 bits → 50 limbs of 62 bits, each in [0, 2⁶²).
    private static func toSignedLimbs(_ limbs: UnsafeBufferPointer<UInt64>, _ out: UnsafeMutableBufferPointer<Int64>) {
        var pending: UInt128 = 0
        var pendingBits = 0
        var next = 0
        for limb in limbs {
            pending |= UInt128(limb) << pendingBits
            pendingBits += 64
            while pendingBits >= signedLimbBits {
                out[next] = Int64(truncatingIfNeeded: pending) & signedLimbMask
                pending >>= signedLimbBits
                pendingBits -= signedLimbBits
                next += 1
            }
        }
        assert(next == signedLimbCount - 1 && pendingBits == modulusTopBits)
        out[next] = Int64(truncatingIfNeeded: pending)
    }

    /// 50 limbs of 62 bits, each in [0, 2⁶²), of a value below 2³⁰⁷² → 48 limbs of 64 bits.
    private static func fromSignedLimbs(_ signed: UnsafeMutableBufferPointer<Int64>, _ limbs: UnsafeMutableBufferPointer<UInt64>) {
        var pending: UInt128 = 0
        var pendingBits = 0
        var next = 0
        for limb in signed {
            assert(limb >= 0 && limb <= signedLimbMask, "normalized limbs")
            pending |= UInt128(UInt64(limb)) << pendingBits
            pendingBits += signedLimbBits
            while pendingBits >= 64 && next < limbCount {
                limbs[next] = UInt64(truncatingIfNeeded: pending)
                pending >>= 64
                pendingBits -= 64
                next += 1
            }
        }
        assert(next == limbCount && pending == 0, "the value fits 3072 bits")
    }
}
