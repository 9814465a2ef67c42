import Foundation
import Node
import Testing

@Suite("Devnet folder: created once with keys, genesis and config; never clobbers other files")
struct DevnetLayoutTests {
    @Test("create writes node.json, genesis.json, owner-only keys for validator, fee collector and each trader, and data/")
    func layout() throws {
        let devnet = try TestDevnet(traders: 2)
        let layout = devnet.layout
        for path in [layout.nodeConfigPath, layout.genesisPath, layout.dataPath, layout.validatorKeyPath,
                     layout.feeCollectorKeyPath, layout.traderKeyPath(1), layout.traderKeyPath(2)] {
            #expect(FileManager.default.fileExists(atPath: path), "\(path)")
        }
        #expect(!FileManager.default.fileExists(atPath: layout.traderKeyPath(3)))
        #expect(layout.traderKeyPaths == [layout.traderKeyPath(1), layout.traderKeyPath(2)])
        let mode = try FileManager.default.attributesOfItem(atPath: layout.validatorKeyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let settings = try devnet.settings()
        #expect(settings.validatorKey.publicKey == TestDevnet.key("validator").publicKey)
        #expect(settings.dataPath == layout.dataPath)
    }

    @Test("creating over an existing devnet keeps it as it is")
    func idempotent() throws {
        let devnet = try TestDevnet()
        let before = try Data(contentsOf: URL(fileURLWithPath: devnet.layout.genesisPath))
        var options = DevnetOptions()
        options.marketsDirectory = TestDevnet.marketsDirectory
        #expect(try devnet.layout.create(options) == false)
        #expect(try Data(contentsOf: URL(fileURLWithPath: devnet.layout.genesisPath)) == before)
    }

    @Test("a folder with other files is neither filled nor removed (devnet_refused, 9004); a devnet is removed")
    func refusesForeignFolders() throws {
        let devnet = try TestDevnet(create: false)
        try FileManager.default.createDirectory(atPath: devnet.directory, withIntermediateDirectories: true)
        let precious = devnet.directory + "/thesis.txt"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: precious))
        var options = DevnetOptions()
        options.marketsDirectory = TestDevnet.marketsDirectory
        #expect(throws: NodeError.self) { try devnet.layout.create(options) }
        let error = try #require(throws: NodeError.self) { try devnet.layout.remove() }
        #expect(error.code == 9004)
        #expect(FileManager.default.fileExists(atPath: precious))

        let real = try TestDevnet()
        try real.layout.remove()
        #expect(!FileManager.default.fileExists(atPath: real.directory))
    }

    @Test("a bad markets folder is markets_invalid (9006) and leaves no devnet behind")
    func badMarkets() throws {
        let devnet = try TestDevnet(create: false)
        var options = DevnetOptions()
        options.marketsDirectory = devnet.directory + "/no-markets"
        let error = try #require(throws: NodeError.self) { try devnet.layout.create(options) }
        #expect(error.code == 9006)
        #expect(!devnet.layout.exists)
    }

    @Test("a validator key that genesis does not list is not_a_validator (9005)")
    func notAValidator() throws {
        let devnet = try TestDevnet()
        try FileManager.default.removeItem(atPath: devnet.layout.validatorKeyPath)
        try KeyFile(key: TestDevnet.key("trader-1")).write(to: devnet.layout.validatorKeyPath)
        let error = try #require(throws: NodeError.self) { try devnet.settings() }
        #expect(error == .notAValidator(publicKey: TestDevnet.key("trader-1").publicKey.description))
    }
}
