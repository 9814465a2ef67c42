import Primitives

/// One finalized block as a node recorded it: its identity, its header's state commitment
/// and, when the node was at that tip, the commitment the node computed itself.
struct FinalizedRecord: Equatable {
    let height: UInt64
    let blockID: Hash256
    let previousHash: Hash256
    let headerCommitment: Hash256
    /// The node's own `state.commitment.digest` right after it committed this block; nil when
    /// the node passed this height within one step (sync of several blocks).
    let computedCommitment: Hash256?
}

/// A check that failed: one line per failing seed says which and why.
struct CheckFailure: Equatable, CustomStringConvertible {
    enum Check: String { case safety, certificate, agreement, state, conservation, progress, engine, run }

    let check: Check
    let detail: String

    var description: String { "check=\(check.rawValue) detail=\(detail)" }
}

/// Safety, watched on every finalization: the first block any honest node finalized at a
/// height is the only one any other honest node may finalize there.
struct SafetyMonitor {
    private(set) var finalized: [UInt64: (blockID: Hash256, node: Int)] = [:]
    private(set) var failures: [CheckFailure] = []
    /// Most failures kept: one is enough to fail a seed; the rest would only repeat it.
    static let failuresMax = 16

    mutating func record(node: Int, height: UInt64, blockID: Hash256) {
        if let first = finalized[height] {
            if first.blockID != blockID, failures.count < Self.failuresMax {
                failures.append(
                    CheckFailure(
                        check: .safety,
                        detail: "height \(height): node \(first.node) finalized \(first.blockID.short), node \(node) finalized \(blockID.short)"))
            }
        } else {
            finalized[height] = (blockID, node)
        }
    }
}

/// The end-of-seed checks over what honest nodes recorded and hold.
enum ClusterChecks {
    /// Honest nodes agree at every height they both reached: same block, same parent, same
    /// state commitment; a node's computed commitment equals its header's.
    static func agreement(_ histories: [Int: [FinalizedRecord]]) -> [CheckFailure] {
        var failures: [CheckFailure] = []
        var reference: [UInt64: (node: Int, record: FinalizedRecord)] = [:]
        for node in histories.keys.sorted() {
            for record in histories[node] ?? [] {
                if let computed = record.computedCommitment, computed != record.headerCommitment {
                    failures.append(
                        CheckFailure(
                            check: .state,
                            detail: "node \(node) height \(record.height): computed state \(computed.short) but the header says \(record.headerCommitment.short)"))
                }
                guard let first = reference[record.height] else {
                    reference[record.height] = (node, record)
                    continue
                }
                if first.record.blockID != record.blockID || first.record.previousHash != record.previousHash {
                    failures.append(
                        CheckFailure(
                            check: .agreement,
                            detail: "height \(record.height): node \(first.node) has tip \(first.record.blockID.short), node \(node) has \(record.blockID.short)"))
                } else if first.record.headerCommitment != record.headerCommitment
                    || (first.record.computedCommitment != nil && record.computedCommitment != nil
                        && first.record.computedCommitment != record.computedCommitment)
                {
                    failures.append(
                        CheckFailure(check: .state, detail: "height \(record.height): nodes \(first.node) and \(node) differ in state commitment"))
                }
            }
        }
        return Array(failures.prefix(SafetyMonitor.failuresMax))
    }

    /// Every asset's total over a node's UTXO set equals the genesis supply.
    static func conservation(node: Int, totals: [AssetID: UInt64], genesis: [AssetID: UInt64]) -> [CheckFailure] {
        let assets = Set(totals.keys).union(genesis.keys).sorted()
        return assets.compactMap { asset in
            let have = totals[asset] ?? 0
            let want = genesis[asset] ?? 0
            guard have != want else { return nil }
            return CheckFailure(check: .conservation, detail: "node \(node) asset \(asset): \(have) units, genesis \(want)")
        }
    }

    /// Every honest node reached `target` by `deadlineMs` (virtual).
    static func progress(heights: [Int: UInt64], target: UInt64, healedAtMs: UInt64, deadlineMs: UInt64) -> [CheckFailure] {
        let behind = heights.keys.sorted().filter { (heights[$0] ?? 0) < target }
        guard !behind.isEmpty else { return [] }
        let list = behind.map { "node \($0) at \(heights[$0] ?? 0)" }.joined(separator: ", ")
        return [
            CheckFailure(
                check: .progress,
                detail: "target height \(target) not reached \(deadlineMs - healedAtMs) ms after healing at \(healedAtMs) ms: \(list)")
        ]
    }
}

extension Hash256 {
    /// The first 8 hex digits: enough to tell blocks apart in a failure line.
    var short: String { String(description.prefix(8)) }
}
