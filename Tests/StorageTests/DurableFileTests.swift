import Foundation
import Storage
import Testing

@Suite("Durable file: atomic replace through a synced temporary file; absent reads as nil")
struct DurableFileTests {
    @Test("a missing file reads as nil; a replaced file reads back its new bytes, and no temporary file remains")
    func replaceAndRead() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/record.json"
            #expect(try DurableFile.read(path) == nil)
            try DurableFile.replace(path, with: bytes("first"))
            try DurableFile.replace(path, with: bytes("second, longer"))
            #expect(try DurableFile.read(path) == bytes("second, longer"))
            #expect(!FileManager.default.fileExists(atPath: path + DurableFile.temporarySuffix))
            try DurableFile.replace(path, with: [])
            #expect(try DurableFile.read(path) == [])
        }
    }

    @Test("a file over bytesMax is refused on write (value_too_large) and on read (io_error), and the old file stays")
    func sizeLimit() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/record.json"
            try DurableFile.replace(path, with: bytes("kept"))
            expectStorageError("value_too_large") { try DurableFile.replace(path, with: [UInt8](repeating: 1, count: DurableFile.bytesMax + 1)) }
            #expect(try DurableFile.read(path) == bytes("kept"))
            let big = folder + "/big"
            try Data(count: DurableFile.bytesMax + 1).write(to: URL(fileURLWithPath: big))
            expectStorageError("io_error") { _ = try DurableFile.read(big) }
        }
    }

    @Test("a folder that does not exist is io_error naming the path")
    func missingFolder() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/missing/record.json"
            let error = expectStorageError("io_error") { try DurableFile.replace(path, with: bytes("x")) }
            #expect(error?.message.contains(folder + "/missing") == true)
        }
    }
}
