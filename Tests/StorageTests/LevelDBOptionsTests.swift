import Foundation
import Storage
import Testing

@Suite("LevelDBOptions")
struct LevelDBOptionsTests {
    @Test("the default options are valid")
    func defaultsValid() throws {
        try LevelDBOptions().validate()
    }

    @Test("no cache, no bloom filter, paranoid checks and the smallest buffer and file limits still give a working store")
    func boundaryOptions() throws {
        var options = LevelDBOptions()
        options.cacheBytes = 0
        options.bloomFilterBitsPerKey = 0
        options.paranoidChecks = true
        options.writeBufferBytes = LevelDBOptions.writeBufferBytesAllowed.lowerBound
        options.maxOpenFiles = LevelDBOptions.maxOpenFilesAllowed.lowerBound
        try withTemporaryDirectory { folder in
            let store = try LevelDBStore(path: folder + "/db", options: options)
            defer { store.close() }
            #expect(store.options == options)
            try store.put(bytes("k"), bytes("v"))
            #expect(try store.get(bytes("k")) == bytes("v"))
        }
    }

    @Test("each numeric option just outside its range gives invalid_option naming it, and nothing is created")
    func outOfRange() throws {
        let cases: [(String, WritableKeyPath<LevelDBOptions, Int>, Int)] = [
            ("cacheBytes", \.cacheBytes, -1),
            ("cacheBytes", \.cacheBytes, LevelDBOptions.cacheBytesAllowed.upperBound + 1),
            ("writeBufferBytes", \.writeBufferBytes, LevelDBOptions.writeBufferBytesAllowed.lowerBound - 1),
            ("writeBufferBytes", \.writeBufferBytes, LevelDBOptions.writeBufferBytesAllowed.upperBound + 1),
            ("bloomFilterBitsPerKey", \.bloomFilterBitsPerKey, -1),
            ("bloomFilterBitsPerKey", \.bloomFilterBitsPerKey, LevelDBOptions.bloomFilterBitsPerKeyAllowed.upperBound + 1),
            ("maxOpenFiles", \.maxOpenFiles, LevelDBOptions.maxOpenFilesAllowed.lowerBound - 1),
            ("maxOpenFiles", \.maxOpenFiles, LevelDBOptions.maxOpenFilesAllowed.upperBound + 1),
        ]
        try withTemporaryDirectory { folder in
            for (name, keyPath, value) in cases {
                var options = LevelDBOptions()
                options[keyPath: keyPath] = value
                let error = expectStorageError("invalid_option") { _ = try LevelDBStore(path: folder + "/db", options: options) }
                guard case .invalidOption(let errorName, let errorValue, _) = error else { continue }
                #expect(errorName == name && errorValue == value)
                #expect(!FileManager.default.fileExists(atPath: folder + "/db"))
            }
        }
    }
}
