/// The inverse mod p by Fermat's little theorem, x⁻¹ = x^(p−2), with a fixed 4-bit window:
/// 3072 squarings and 767 multiplications, about 10 ms in a release build (one per block's
/// commitment, so it is not worth the code size of safegcd).
extension Num3072 {
    /// Bits per window of the exponentiation.
    static let windowBits = 4

    /// x⁻¹ mod p, fully reduced; 0 for x ≡ 0 (which has no inverse: callers never pass it).
    var inverse: Num3072 {
        withUnsafeTemporaryAllocation(of: Num3072.self, capacity: 1 << Self.windowBits) { table in
            // table[k] = xᵏ.
            table.initialize(repeating: .one)
            for power in 1..<table.count {
                table[power] = table[power - 1]
                table[power].multiply(by: self)
            }
            let windows = Self.limbCount * 64 / Self.windowBits
            var result = table[Self.exponentWindow(windows - 1)]
            for window in stride(from: windows - 2, through: 0, by: -1) {
                for _ in 0..<Self.windowBits { result.square() }
                let digit = Self.exponentWindow(window)
                if digit != 0 { result.multiply(by: table[digit]) }
            }
            return result
        }
    }

    /// Window `index` (0 = least significant) of p − 2 = 2³⁰⁷² − (c + 2): every limb all
    /// ones except the lowest, 2⁶⁴ − (c + 2).
    private static func exponentWindow(_ index: Int) -> Int {
        let limb = index * windowBits / 64
        let value: UInt64 = limb == 0 ? 0 &- (modulusComplement + 2) : .max
        return Int((value >> UInt64(index * windowBits % 64)) & 0xF)
    }
}
