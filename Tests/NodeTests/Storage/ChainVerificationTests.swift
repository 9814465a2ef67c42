import Chain
import Foundation
import Node
import Storage
import Testing

@Suite("lodestone verify: re-executes the stored chain from genesis; passes a good folder, names the first fault of a tampered one")
struct ChainVerificationTests {
    /// The stored key of block `height` (docs/CHAIN.md: `b` + big-endian height).
    static func blockKey(_ height: UInt64) -> [UInt8] {
        [0x62] + (0..<8).map { UInt8(truncatingIfNeeded: height >> UInt64(56 - 8 * $0)) }
    }

    /// Runs `change` on the chain's database, opened directly (no record checks).
    func tamper(_ chain: StoredChain, _ change: (LevelDBStore) throws -> Void) throws {
        let store = try LevelDBStore(path: chain.dataPath, options: .checked(createIfMissing: false))
        defer { store.close() }
        try change(store)
    }

    func verifyFailure(_ chain: StoredChain, sourceLocation: SourceLocation = #_sourceLocation) -> (height: UInt64, reason: String)? {
        let error = #expect(throws: NodeError.self, sourceLocation: sourceLocation) { try ChainVerification.run(chain.settings) }
        guard case let .verifyFailed(height, reason)? = error else {
            Issue.record("expected verify_failed, got \(String(describing: error))", sourceLocation: sourceLocation)
            return nil
        }
        #expect(error?.code == 9105, sourceLocation: sourceLocation)
        return (height, reason)
    }

    @Test("a good folder verifies: every block re-executed, tip, commitment and UTXO set equal to the stored ones and the record")
    func goodFolder() throws {
        let chain = try StoredChain(blocks: 6)
        var seen: [UInt64] = []
        let result = try ChainVerification.run(chain.settings) { seen.append($0) }
        #expect(seen == Array(1...6))
        #expect((result.blocks, result.height) == (6, 6))
        #expect(result.tipHash == chain.record(at: 6).tipHash)
        #expect(result.record == chain.record(at: 6))
        #expect(result.checkedEntries > result.utxos)
        let stored = try NodeStatus.stored(chain.settings)
        #expect(stored.height == 6)
    }

    @Test("a block whose signature byte was flipped fails at that block (bad proposer signature)")
    func tamperedBlock() throws {
        let chain = try StoredChain(blocks: 6)
        try tamper(chain) { store in
            var bytes = try #require(try store.get(Self.blockKey(3)))
            bytes[bytes.count - 1] ^= 0x01
            try store.put(Self.blockKey(3), bytes, sync: true)
        }
        let failure = try #require(verifyFailure(chain))
        #expect(failure.height == 3)
        #expect(failure.reason.contains("signature"), "\(failure.reason)")
    }

    @Test("a missing block fails at its height")
    func missingBlock() throws {
        let chain = try StoredChain(blocks: 4)
        try tamper(chain) { try $0.delete(Self.blockKey(2), sync: true) }
        #expect(verifyFailure(chain)?.height == 2)
    }

    @Test("a UTXO deleted behind the chain's back fails the final comparison, naming the UTXO")
    func tamperedUTXO() throws {
        let chain = try StoredChain(blocks: 3)
        try tamper(chain) { store in
            let utxo = try #require(try store.scan(prefix: [0x75], limit: 1).first)
            try store.delete(utxo.key, sync: true)
        }
        let failure = try #require(verifyFailure(chain))
        #expect(failure.height == 0)
        #expect(failure.reason.contains("UTXO"), "\(failure.reason)")
    }

    @Test("`lodestone verify --dir` prints the summary and exits 0 on a good folder, non-zero naming the block on a tampered one",
          .enabled(if: NodeProcess.binary != nil, "the lodestone executable is not built"))
    func commandLine() throws {
        let binary = try #require(NodeProcess.binary)
        let chain = try StoredChain(blocks: 3)
        let good = try Self.run(binary, ["verify", "--dir", chain.devnet.directory])
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.contains("verified 3 blocks"), "\(good.output)")
        try tamper(chain) { try $0.delete(Self.blockKey(2), sync: true) }
        let bad = try Self.run(binary, ["verify", "--dir", chain.devnet.directory])
        #expect(bad.status != 0)
        #expect(bad.output.contains("block 2"), "\(bad.output)")
    }

    /// Runs the binary to completion; its exit status and its stdout and stderr together.
    static func run(_ binary: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
