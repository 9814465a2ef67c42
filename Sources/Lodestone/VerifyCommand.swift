import ArgumentParser
import Foundation
import Node

/// `lodestone verify --dir DIR`: re-checks a stopped node's stored chain from genesis.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-check a stopped node's stored chain offline, from genesis to its tip.",
        discussion: """
            Reads every stored entry with its checksums verified, re-executes every block from genesis \
            (signatures, settlements, roots, state commitment), checks the transaction index, and compares \
            the result with the stored tip, the stored UTXO set and the node folder's chain record. \
            Exits non-zero at the first fault, naming it.
            """)

    @Option(help: "The node folder (holds node.json); its node must not be running.")
    var dir: String

    func run() throws {
        let settings = try NodeSettings.load(directory: dir)
        let result: ChainVerification
        do { result = try ChainVerification.run(settings) } catch {
            FileHandle.standardError.write(Data("lodestone verify: FAILED: \(error)\n".utf8))
            throw ExitCode.failure
        }
        print("verified \(result.blocks) blocks from genesis in \(result.elapsedMs) ms")
        print("  height      \(result.height)")
        print("  tip         \(result.tipHash)")
        print("  commitment  \(result.commitment)")
        print("  utxos       \(result.utxos) (stored set equals the re-executed set)")
        print("  checksums   \(result.checkedEntries) entries read with checksums verified")
        print("  record      \(Self.describe(result.record, height: result.height))")
    }

    private static func describe(_ record: ChainRecord?, height: UInt64) -> String {
        guard let record else { return "none yet (the node writes it at its next start)" }
        return record.height == height
            ? "matches (height \(record.height))"
            : "at height \(record.height), behind the database on the same chain (the node rewrites it at its next start)"
    }
}
