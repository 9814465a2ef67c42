import Foundation
import Node
import Peg
import Storage
import Testing

@testable import Node

@Suite("A federation member's folder: federation.json checked on read, status.json written whole")
struct FederationMemberConfigurationTests {
    func folder() throws -> TestDevnet {
        let devnet = try TestDevnet(create: false)
        try FileManager.default.createDirectory(atPath: devnet.directory, withIntermediateDirectories: true)
        return devnet
    }

    @Test("a written configuration reads back; defaults fill what a hand-written file leaves out")
    func roundTrip() throws {
        let devnet = try folder()
        let configuration = FederationMemberConfiguration(
            mainChainRPC: "tcp://127.0.0.1:7470", gateway: "tcp://127.0.0.1:7411", listen: "tcp://127.0.0.1:7472",
            peers: ["tcp://127.0.0.1:7473", "tcp://127.0.0.1:7474"])
        try configuration.write(directory: devnet.directory)
        #expect(try FederationMemberConfiguration.load(directory: devnet.directory) == configuration)
        let minimal = #"{"main_chain_rpc":"tcp://127.0.0.1:1","gateway":"tcp://127.0.0.1:2","listen":"tcp://127.0.0.1:3","peers":[]}"#
        try minimal.write(toFile: devnet.directory + "/federation.json", atomically: true, encoding: .utf8)
        let read = try FederationMemberConfiguration.load(directory: devnet.directory)
        #expect(read.keyFile == "member.key" && read.genesisFile == "genesis.json" && read.firstHeight == 1)
    }

    @Test("a bad endpoint, too many peers or height 0 is config_invalid naming the field")
    func refusals() throws {
        let devnet = try folder()
        let cases: [(String, String)] = [
            (#"{"main_chain_rpc":"http://x","gateway":"tcp://127.0.0.1:2","listen":"tcp://127.0.0.1:3","peers":[]}"#, "main_chain_rpc"),
            (
                #"{"main_chain_rpc":"tcp://127.0.0.1:1","gateway":"tcp://127.0.0.1:2","listen":"tcp://127.0.0.1:99999","peers":[]}"#,
                "listen"
            ),
            (
                #"{"main_chain_rpc":"tcp://127.0.0.1:1","gateway":"tcp://127.0.0.1:2","listen":"tcp://127.0.0.1:3","peers":["#
                    + Array(repeating: #""tcp://127.0.0.1:4""#, count: 16).joined(separator: ",") + "]}", "peers"
            ),
            (
                #"{"main_chain_rpc":"tcp://127.0.0.1:1","gateway":"tcp://127.0.0.1:2","listen":"tcp://127.0.0.1:3","peers":[],"first_height":0}"#,
                "first_height"
            ),
        ]
        for (text, field) in cases {
            try text.write(toFile: devnet.directory + "/federation.json", atomically: true, encoding: .utf8)
            do {
                _ = try FederationMemberConfiguration.load(directory: devnet.directory)
                Issue.record("\(field) accepted")
            } catch {
                guard case .configInvalid(_, let named, _) = error else { throw error }
                #expect(named == field)
            }
        }
    }

    @Test("status.json is replaced whole and reads back")
    func status() throws {
        let devnet = try folder()
        var status = FederationStatus(
            keyIndex: 2, haltReason: nil, mainChainScanHeight: 12, mainChainHeaderHeight: 14, sidechainBurnsHeight: 3,
            pendingDeposits: ["signed": 1], pendingBurns: [:], holdings: ["ab": 5], collections: 1, sharesGarbage: 0, sharesUnsent: 0)
        let path = devnet.directory + "/" + FederationMemberProcess.statusFileName
        try FederationMemberProcess.write(status, to: path)
        status.haltReason = "main-chain reorg disconnected 4 blocks (K = 3)"
        try FederationMemberProcess.write(status, to: path)
        #expect(try FederationMemberProcess.readStatus(directory: devnet.directory) == status)
        #expect(status.lines.first == "member 2  HALTED: main-chain reorg disconnected 4 blocks (K = 3)")
        #expect(status.lines.contains("pending deposits: signed 1"))
    }

    @Test("clear-halt clears a stopped member's recorded halt once, and refuses a folder that is not a member's")
    func clearHalt() throws {
        let devnet = try folder()
        #expect(throws: NodeError.self) { try FederationMemberProcess.clearHalt(directory: devnet.directory) }
        try FederationMemberConfiguration(
            mainChainRPC: "tcp://127.0.0.1:7470", gateway: "tcp://127.0.0.1:7411", listen: "tcp://127.0.0.1:7472", peers: []
        ).write(directory: devnet.directory)
        do {
            let store = try LevelDBStore(path: devnet.directory + "/record")
            defer { store.close() }
            try FederationRecord(store: store).setHalt("main-chain reorg disconnected 4 blocks (K = 3)")
        }
        #expect(try FederationMemberProcess.clearHalt(directory: devnet.directory) == "main-chain reorg disconnected 4 blocks (K = 3)")
        #expect(try FederationMemberProcess.clearHalt(directory: devnet.directory) == nil)
    }
}
