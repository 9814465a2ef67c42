@testable import Storage
import Testing

@Suite("ScanRange")
struct ScanRangeTests {
    @Test("the seek key is the later of prefix and start")
    func seekKey() throws {
        #expect(try ScanRange(prefix: [0x05]).seekKey == [0x05])
        #expect(try ScanRange(prefix: [0x05], start: [0x01, 0xFF]).seekKey == [0x05])
        #expect(try ScanRange(prefix: [0x05], start: [0x05, 0x00]).seekKey == [0x05, 0x00])
        #expect(try ScanRange(prefix: [0x05], start: [0x06]).seekKey == [0x06])
        #expect(try ScanRange(prefix: [], start: []).seekKey == [])
    }

    @Test("only keys beginning with the prefix are admitted; the empty prefix admits all")
    func admits() throws {
        let range = try ScanRange(prefix: [0xFF, 0xFF])
        #expect(range.admits([0xFF, 0xFF]) && range.admits([0xFF, 0xFF, 0x00]))
        #expect(!range.admits([0xFF]) && !range.admits([0xFF, 0xFE, 0xFF]))
        #expect(try ScanRange().admits([0x00]))
    }

    @Test("a limit outside 1...scanEntriesMax gives invalid_scan_limit", arguments: [0, -5, StorageLimits.scanEntriesMax + 1])
    func invalidLimit(limit: Int) {
        expectStorageError("invalid_scan_limit") { _ = try ScanRange(prefix: [], limit: limit) }
    }

    @Test("a prefix or start longer than a key gives invalid_key")
    func overLongBounds() {
        let long = [UInt8](repeating: 0, count: StorageLimits.keyBytesMax + 1)
        expectStorageError("invalid_key") { _ = try ScanRange(prefix: long) }
        expectStorageError("invalid_key") { _ = try ScanRange(start: long) }
    }
}
