import Chain
import Foundation
import Ledger
import MainChain
import Node
import Testing

@Suite("Devnet with a peg: main chain folder, federation folders, genesis peg section, node.json relay, ports")
struct DevnetPegLayoutTests {
    static func options(validators: Int = 1) -> DevnetOptions {
        var options = DevnetOptions()
        options.marketsDirectory = TestDevnet.marketsDirectory
        options.traders = 2
        options.validators = validators
        options.peg = true
        options.portBase = 7901
        options.usePublicPorts()
        return options
    }

    static func folder() -> DevnetLayout {
        DevnetLayout(
            directory: FileManager.default.temporaryDirectory.appendingPathComponent("lodestone-peg-layout-\(UUID().uuidString)").path)
    }

    @Test(
        "peg: the main chain allocates each trader twice its BTC and USDT under the same asset IDs; the sidechain genesis pegs them (2 of 3, K = 3) and allocates none; members and node.json point at the main chain and the gateway"
    )
    func pegLayout() throws {
        let layout = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: layout.directory) }
        let ports = DevnetPorts(base: 7901)
        #expect(try layout.create(Self.options()))
        #expect(layout.hasPeg)
        #expect(layout.federationFolderCount == 3)

        let config = try GenesisFile.load(path: layout.genesisPath).config(path: layout.genesisPath)
        let peg = try #require(config.genesis.peg)
        #expect(peg.federation.threshold == 2 && peg.federation.keys.count == 3)
        #expect(peg.confirmationsRequired == 3)
        #expect(peg.peggedAssets.map(\.symbol) == ["BTC", "USDT"])
        let sidechainAllocations = try GenesisFile.load(path: layout.genesisPath).allocations
        #expect(!sidechainAllocations.contains { $0.asset == "BTC" || $0.asset == "USDT" }, "a pegged asset comes only from mints")
        #expect(sidechainAllocations.contains { $0.asset == "LODE" } && sidechainAllocations.contains { $0.asset == "ETH" })

        let main = try MainChainGenesisFile.load(path: layout.mainChainGenesisPath)
        #expect(main.parameters == peg.mainChain, "the sidechain follows this main chain")
        for asset in main.assets {
            #expect(config.assetIDs[asset.symbol] == asset.id(suite: main.suite), "\(asset.symbol) has one ID on both chains")
        }
        let traders = try layout.traderKeyPaths.map { try KeyFile.signingKey(at: $0).publicKey }
        for trader in traders {
            for symbol in ["BTC", "USDT"] {
                let units = main.allocations.filter { $0.program == .payToKey(trader) && $0.asset.symbol == symbol }.map(\.amount.units)
                #expect(units == [2 * DevnetLayout.perTrader(symbol)])
            }
        }
        #expect(try layout.mainChainRun() == DevnetMainChainRun(rpc: ports.mainChainRPC, pub: ports.mainChainPub, minerCPUPercent: 15))

        let node = try NodeConfiguration.load(path: layout.nodeConfigPath)
        #expect(node.mainChainRPC == ports.mainChainRPC)
        for number in 1...3 {
            let member = try FederationMemberConfiguration.load(directory: layout.federationDirectory(number))
            #expect(member.gateway == ports.gateway && member.mainChainRPC == ports.mainChainRPC)
            #expect(member.listen == ports.federationShare(number))
            #expect(Set(member.peers) == Set((1...3).filter { $0 != number }.map(ports.federationShare)))
            let key = try KeyFile.signingKey(at: layout.federationDirectory(number) + "/member.key").publicKey
            #expect(peg.federation.keys[number - 1] == key)
            // The member reads the devnet's genesis through its relative path.
            #expect(member.genesisFile == "../genesis.json")
        }

        let children = try layout.processes(binDirectory: "/opt/bin", parentPID: 42)
        #expect(children.map(\.name) == ["mainchain", "validator", "federation-1", "federation-2", "federation-3"])
        #expect(children[0].executable == "/opt/bin/lodestone-mainchain")
        #expect(children[0].arguments.contains("--mine") && children[0].arguments.contains(ports.mainChainRPC))
        #expect(children.dropFirst().allSatisfy { $0.executable == nil && $0.arguments.contains("--parent-pid") })
    }

    @Test("a cluster with a peg: every validator relays headers from the main chain, the follower does not")
    func clusterPeg() throws {
        let layout = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: layout.directory) }
        #expect(try layout.create(Self.options(validators: 2)))
        for number in 1...2 {
            let validator = try NodeConfiguration.load(path: DevnetLayout(directory: layout.validatorDirectory(number)).nodeConfigPath)
            #expect(validator.mainChainRPC == DevnetPorts(base: 7901).mainChainRPC)
        }
        #expect(try NodeConfiguration.load(path: layout.nodeConfigPath).mainChainRPC == "")
        let names = try layout.processes(binDirectory: "/bin", parentPID: 1).map(\.name)
        #expect(names == ["mainchain", "validator-1", "validator-2", "follower", "federation-1", "federation-2", "federation-3"])
    }

    @Test("without a peg nothing changes: no main chain, no members, genesis allocations of every asset, one node process")
    func noPeg() throws {
        let devnet = try TestDevnet()
        #expect(!devnet.layout.hasPeg)
        #expect(devnet.layout.federationFolderCount == 0)
        #expect(try GenesisFile.load(path: devnet.layout.genesisPath).peg == nil)
        #expect(try devnet.layout.processes(binDirectory: "/bin", parentPID: 1).map(\.name) == ["validator"])
    }

    @Test("a peg needs a fixed gateway port: a wildcard gateway is devnet_refused (9004) and leaves no devnet")
    func wildcardGateway() throws {
        let layout = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: layout.directory) }
        var options = Self.options()
        options.gatewayEndpoint = "tcp://127.0.0.1:*"
        let error = try #require(throws: NodeError.self) { try layout.create(options) }
        #expect(error.code == 9004)
        #expect(!layout.exists)
    }

    @Test("the peg's ports sit above the validators' intakes and inside the span; the span bounds the base")
    func ports() {
        let ports = DevnetPorts(base: 7901)
        let validatorIntakeLast = 7901 + 50 + DevnetOptions.validatorsMax
        let port = { (endpoint: String) in Int(endpoint.split(separator: ":").last ?? "") ?? 0 }
        #expect(port(ports.mainChainRPC) > validatorIntakeLast && port(ports.mainChainPub) > validatorIntakeLast)
        #expect(port(ports.federationShare(1)) > port(ports.mainChainPub))
        #expect(port(ports.federationShare(DevnetPorts.federationMembersMax)) == 7901 + Int(DevnetPorts.span))
        #expect(DevnetPorts.baseAllowed.upperBound == UInt16.max - DevnetPorts.span)
    }
}
