import Foundation
import Node
import Primitives
import Testing

@Suite("Chain record: a small JSON file, replaced durably; anything else in its place is chain_record_invalid")
struct ChainRecordTests {
    func withRecordFile(_ body: (ChainRecordFile) throws -> Void) throws {
        let devnet = try TestDevnet(create: false)
        try FileManager.default.createDirectory(atPath: devnet.directory, withIntermediateDirectories: true)
        try body(ChainRecordFile(path: devnet.directory + "/" + ChainRecord.fileName))
    }

    @Test("a written record reads back equal, as one JSON line with format, chain_id, height and tip_hash; no file reads as nil")
    func roundTrip() throws {
        try withRecordFile { file in
            #expect(try file.read() == nil)
            let record = ChainRecord(chainID: try Hash256(hex: String(repeating: "ab", count: 32)), height: 812, tipHash: .zero)
            try file.write(record)
            #expect(try file.read() == record)
            let text = try String(contentsOfFile: file.path, encoding: .utf8)
            #expect(text == #"{"chain_id":"\#(String(repeating: "ab", count: 32))","format":1,"height":812,"tip_hash":"\#(Hash256.zero)"}"# + "\n")
        }
    }

    @Test("a bad field is chain_record_invalid (9104) naming the file and the field", arguments: [
        (#"{"format":1,"chain_id":"00","height":1,"tip_hash":"00"}"#, "chain_id"),
        (#"{"format":2,"chain_id":"00","height":1,"tip_hash":"00"}"#, "format"),
        (#"{"format":1,"chain_id":"\#(String(repeating: "0", count: 64))","height":-1,"tip_hash":"00"}"#, "height"),
        (#"{"format":1,"chain_id":"\#(String(repeating: "0", count: 64))","height":1}"#, "tip_hash"),
        ("garbage", "JSON"),
    ])
    func invalid(text: String, field: String) throws {
        try withRecordFile { file in
            try Data(text.utf8).write(to: URL(fileURLWithPath: file.path))
            let error = try #require(throws: NodeError.self) { try file.read() }
            #expect(error.code == 9104)
            #expect(error.message.contains(file.path) && error.message.contains(field), "\(error.message)")
        }
    }
}
