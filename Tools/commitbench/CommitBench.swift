import ArgumentParser
import BenchSupport
import Crypto
import Foundation

/// `lodestone-commitbench`: the UTXO-set commitment (LtHash16, `MultisetHashAccumulator`)
/// against MuHash3072, the construction it replaced, in one run on one thread: the cost of
/// one element inserted and removed, and of one block's batch (inserts + removes, then the
/// apply and the digest a header carries). Ratios are what to compare across machines.
@main
struct CommitBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lodestone-commitbench", abstract: "Measure the UTXO-set commitment (LtHash16) against MuHash3072 in one run.")

    @Option(help: "Elements inserted and as many removed per block.") var elements = 10_000
    @Option(help: "Bytes per element (an output ID and a canonical output: about 150).") var elementBytes = 150
    @Option(help: "Runs of each kind; the best is reported.") var runs = 3

    func validate() throws {
        guard (1...1_000_000).contains(elements) else { throw ValidationError("--elements must be in 1...1000000") }
        guard (1...MultisetHash.maxElementBytes).contains(elementBytes) else {
            throw ValidationError("--element-bytes must be in 1...4 MiB")
        }
        guard (1...100).contains(runs) else { throw ValidationError("--runs must be in 1...100") }
    }

    func run() throws {
        // Distinct elements, like distinct outputs: the first 8 bytes count.
        let inserted = (0..<elements).map { element(UInt64($0)) }
        let removed = (0..<elements).map { element(UInt64(elements + $0)) }
        var lt = Figures()
        var mu = Figures()
        for _ in 0..<runs {
            lt.keepBest(try measureLtHash(inserted: inserted, removed: removed))
            mu.keepBest(measureMuHash(inserted: inserted, removed: removed))
        }
        let perElementLt = Double(lt.accumulateNs) / Double(2 * elements)
        let perElementMu = Double(mu.accumulateNs) / Double(2 * elements)
        print("UTXO-set commitment, \(elementBytes)-byte elements, one thread, best of \(runs) runs")
        print(
            String(
                format: "per element (insert or remove): LtHash16 %.0f ns, MuHash3072 %.0f ns: MuHash/LtHash %.2f",
                perElementLt, perElementMu, perElementMu / perElementLt))
        print(
            String(
                format: "apply + digest per block: LtHash16 %.1f µs, MuHash3072 %.1f µs (inversion included)",
                Double(lt.finishNs) / 1000, Double(mu.finishNs) / 1000))
        let blockLt = Double(lt.accumulateNs + lt.finishNs) / 1e6
        let blockMu = Double(mu.accumulateNs + mu.finishNs) / 1e6
        print(
            String(
                format: "block of %d inserts + %d removes: LtHash16 %.2f ms, MuHash3072 %.2f ms: MuHash/LtHash %.2f",
                elements, elements, blockLt, blockMu, blockMu / blockLt))
    }

    private func element(_ index: UInt64) -> [UInt8] {
        var bytes = [UInt8](repeating: 0x42, count: elementBytes)
        withUnsafeBytes(of: index.littleEndian) {
            for (offset, byte) in $0.enumerated() where offset < elementBytes { bytes[offset] = byte }
        }
        return bytes
    }

    /// The chain's construction: one accumulator, applied to a non-empty state, then the digest.
    private func measureLtHash(inserted: [[UInt8]], removed: [[UInt8]]) throws -> Figures {
        var base = MultisetHashAccumulator()
        try base.insert([1])
        let previous = base.applied(to: .empty)
        let start = Monotonic.nowNs()
        var batch = MultisetHashAccumulator()
        for item in inserted { try batch.insert(item) }
        for item in removed { try batch.remove(item) }
        let accumulated = Monotonic.nowNs()
        let digest = batch.applied(to: previous).digest
        let finished = Monotonic.nowNs()
        withExtendedLifetime(digest) {}
        return Figures(accumulateNs: accumulated - start, finishNs: finished - accumulated)
    }

    /// Bitcoin Core's MuHash3072 as the chain used it: a fraction accumulated per block, then
    /// one inversion and a SHA-256 of the 384-byte state. (The chain hashed a 32-byte tagged
    /// hash of the element, one or two SHA-256 compressions more than this.)
    private func measureMuHash(inserted: [[UInt8]], removed: [[UInt8]]) -> Figures {
        var previous = MuHash3072(element: [1])
        _ = previous.finalize()
        let start = Monotonic.nowNs()
        var batch = MuHash3072()
        for item in inserted { batch.insert(item) }
        for item in removed { batch.remove(item) }
        let accumulated = Monotonic.nowNs()
        previous *= batch
        let digest = previous.finalize()
        let finished = Monotonic.nowNs()
        withExtendedLifetime(digest) {}
        return Figures(accumulateNs: accumulated - start, finishNs: finished - accumulated)
    }
}

/// One run's figures, or the best of several.
struct Figures {
    var accumulateNs = UInt64.max
    var finishNs = UInt64.max

    mutating func keepBest(_ other: Figures) {
        accumulateNs = min(accumulateNs, other.accumulateNs)
        finishNs = min(finishNs, other.finishNs)
    }
}
