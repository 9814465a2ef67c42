import BenchSupport
import Chain
import Foundation
import Ledger

/// `--profile-block-encoding N`: CPU per order of making a block's bytes and of a received
/// block's checked transactions, from the checked transactions' kept bytes against encoding
/// every transaction again (what both did before blocks kept the bytes), in the same run.
struct BlockEncodingBench {
    let workload: Workload
    /// As the pool hands them over: checked on admission, signatures passed.
    let checked: [CheckedTransaction]
    let orders: Int

    func run(rounds: Int) throws {
        let state = workload.state
        let config = state.config
        let (block, _) = try state.proposeBlock(checked: checked, cancels: [], timestampMs: 1, proposer: workload.validator)
        let bytes = block.canonicalBytes

        func cpuPerOrderUs(_ body: () throws -> Void) rethrows -> Double {
            let start = ProcessCPU.nowNs()
            for _ in 0..<rounds { try body() }
            return Double(ProcessCPU.nowNs() - start) / Double(rounds * orders) / 1e3
        }
        // A proposer: the block's bytes (its proposal, its store record).
        let keptEncoding = cpuPerOrderUs {
            _ =
                Block(header: block.header, checked: checked, cancels: [], settlements: block.settlements, signature: block.signature)
                .canonicalBytes
        }
        let reEncoding = cpuPerOrderUs {
            _ =
                Block(
                    header: block.header, transactions: block.transactions, cancels: [], settlements: block.settlements,
                    signature: block.signature
                ).canonicalBytes
        }
        // A validator: decode a received block and check its transactions.
        let keptDecode = try cpuPerOrderUs { _ = CheckedTransaction.all(of: try Block.decode(bytes), config: config) }
        let reDecode = try cpuPerOrderUs { _ = CheckedTransaction.all(try Block.decode(bytes).transactions, config: config) }
        // The whole of building: the state transition, the header, the block, its bytes.
        let build = try cpuPerOrderUs {
            _ = try state.proposeBlock(checked: checked, cancels: [], timestampMs: 1, proposer: workload.validator).block.canonicalBytes
        }
        print(
            String(
                format: "block bytes (proposer): %.3f µs of CPU per order from kept bytes, %.3f encoding every transaction again",
                keptEncoding, reEncoding))
        print(
            String(
                format: "received block decoded and checked (validator): %.3f µs per order from kept bytes, %.3f encoding again",
                keptDecode, reDecode))
        print(String(format: "build (state transition, header, block) + encode: %.3f µs of CPU per order", build))

        let encodings = block.transactionEncodings
        print(
            String(
                format: "kept bytes: %.0f per transaction of %d orders (what the pool's byte limit counts)",
                Double(encodings.map(\.count).reduce(0, +)) / Double(encodings.count), workload.ordersPerTransaction))
    }
}
