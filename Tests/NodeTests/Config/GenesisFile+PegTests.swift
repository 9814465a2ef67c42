import Chain
import Crypto
import Foundation
import Ledger
import Node
import Primitives
import Testing

/// genesis.json's `peg` object.
@Suite("Genesis file: the peg section")
struct GenesisFilePegTests {
    static let suite = SchnorrSecp256k1Suite()
    static func key(_ byte: UInt8) -> PublicKey { try! suite.signingKey(secret: [UInt8](repeating: byte, count: 32)).publicKey }

    static let mainGenesis = MainChainHeader(
        height: 0, previousHash: .zero, transactionRoot: .zero, timestampMs: 0, targetBits: 0x207f_ffff, nonce: 0)
    static let parameters = MainChainParameters(
        genesisHeader: mainGenesis, powLimitBits: 0x207f_ffff, blockIntervalMs: 1_000, retargetIntervalBlocks: 144)

    static func entry(confirmations: UInt64 = 6, symbol: String = "BTC", header: String? = nil) -> GenesisFile.PegEntry {
        var entry = GenesisFile.PegEntry(
            PegGenesis(
                mainChain: parameters, federation: FederationKeys(threshold: 2, keys: [key(0x31), key(0x32), key(0x33)]),
                confirmationsRequired: confirmations, peggedAssets: [PeggedAsset(symbol: symbol, minimumDeposit: Amount(10_000))]))
        if let header { entry.mainChain.genesisHeader = header }
        return entry
    }

    func file(peg: GenesisFile.PegEntry?) -> GenesisFile {
        GenesisFile(
            chainName: "net", timestampMs: 0, nativeAsset: "LODE",
            assets: [.init(symbol: "LODE", decimals: 8), .init(symbol: "BTC", decimals: 8)],
            allocations: [.init(asset: "LODE", amount: 500, publicKey: Self.key(0x21).description)], validators: [Self.key(0x11)],
            feeCollector: Self.key(0x02), markets: [], peg: peg)
    }

    func failure(_ file: GenesisFile) -> String? {
        do {
            _ = try file.genesis(path: "genesis.json")
            return nil
        } catch {
            guard case .configInvalid(_, let field, _) = error else { return "?" }
            return field
        }
    }

    @Test("a peg object becomes the genesis section (and enters the chain ID); without one the genesis has none")
    func decoded() throws {
        let genesis = try file(peg: Self.entry()).genesis(path: "genesis.json")
        let peg = try #require(genesis.peg)
        #expect(peg.mainChain == Self.parameters)
        #expect(peg.federation == FederationKeys(threshold: 2, keys: [Self.key(0x31), Self.key(0x32), Self.key(0x33)]))
        #expect(peg.confirmationsRequired == 6)
        #expect(peg.peggedAssets == [PeggedAsset(symbol: "BTC", minimumDeposit: Amount(10_000))])
        let plain = try file(peg: nil).genesis(path: "genesis.json")
        #expect(plain.peg == nil)
        #expect(plain.chainID(suite: Self.suite) != genesis.chainID(suite: Self.suite))
        // JSON round trip keeps the section; the keys are snake case.
        let json = try JSONEncoder().encode(file(peg: Self.entry()))
        #expect(try JSONDecoder().decode(GenesisFile.self, from: json) == file(peg: Self.entry()))
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"confirmations_required\"") && text.contains("\"genesis_header\""))
    }

    @Test("a bad header, an unlisted asset or K of 0 names its field")
    func checks() {
        #expect(failure(file(peg: Self.entry(header: "00"))) == "peg.main_chain.genesis_header")
        #expect(failure(file(peg: Self.entry(symbol: "ETH"))) == "peg.pegged_assets[0].symbol")
        #expect(failure(file(peg: Self.entry(confirmations: 0))) == "peg")
    }
}
