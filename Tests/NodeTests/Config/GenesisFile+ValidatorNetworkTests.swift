import Chain
import Crypto
import Foundation
import Ledger
import Node
import Primitives
import Testing
import ZeroMQ

/// genesis.json's validator network keys and election parameters.
@Suite("Genesis file: validator CurveZMQ keys and election parameters")
struct GenesisFileValidatorNetworkTests {
    static let suite = SchnorrSecp256k1Suite()
    static func key(_ byte: UInt8) -> PublicKey { try! suite.signingKey(secret: [UInt8](repeating: byte, count: 32)).publicKey }
    static func curveKey(_ byte: UInt8) -> String { try! ZMQZ85.encode([UInt8](repeating: byte, count: 32)) }

    func file(validators: Int, curveKeys: [String]?) -> GenesisFile {
        GenesisFile(
            chainName: "net", timestampMs: 0, nativeAsset: "LODE", assets: [.init(symbol: "LODE", decimals: 8)],
            allocations: [.init(asset: "LODE", amount: 500, publicKey: Self.key(0x21).description, voteFor: Self.key(0x11).description)],
            validators: (0..<validators).map { Self.key(0x11 + UInt8($0)) }, feeCollector: Self.key(0x02), markets: [],
            validatorCurveKeys: curveKeys, epochLengthBlocks: 10, validatorsMax: 4, minSelfStake: 5, unlockDelayBlocks: 7, voterShareBps: 2_500)
    }

    func failure(_ file: GenesisFile) -> (field: String, reason: String)? {
        do {
            _ = try file.genesis(path: "genesis.json")
            return nil
        } catch {
            guard case let .configInvalid(_, field, reason) = error else { return ("?", error.message) }
            return (field, reason)
        }
    }

    @Test("keys decode to 32 bytes in validator order, are part of the chain ID, and the election parameters carry over")
    func decoded() throws {
        let keys = (1...3).map { Self.curveKey(UInt8($0)) }
        let genesis = try file(validators: 3, curveKeys: keys).genesis(path: "genesis.json")
        #expect(genesis.validatorNetworkKeys == (1...3).map { [UInt8](repeating: UInt8($0), count: 32) })
        #expect(genesis.epochLengthBlocks == 10 && genesis.validatorsMax == 4 && genesis.minSelfStake == 5)
        #expect(genesis.unlockDelayBlocks == 7 && genesis.voterShareBps == 2_500)
        #expect(genesis.allocations[0].program == .voteLock(VoteLock(owner: Self.key(0x21), candidate: Self.key(0x11), unlockDelayBlocks: 7)))
        let other = try file(validators: 3, curveKeys: [keys[1], keys[0], keys[2]]).genesis(path: "genesis.json")
        #expect(genesis.chainID(suite: Self.suite) != other.chainID(suite: Self.suite))
        // JSON round trip keeps every field.
        let json = try JSONEncoder().encode(file(validators: 3, curveKeys: keys))
        #expect(try JSONDecoder().decode(GenesisFile.self, from: json) == file(validators: 3, curveKeys: keys))
    }

    @Test("one validator needs no keys; several do; wrong count, length, text or a repeat name the key")
    func checks() {
        #expect(failure(file(validators: 1, curveKeys: nil)) == nil)
        #expect(failure(file(validators: 2, curveKeys: nil))?.field == "validator_curve_keys")
        #expect(failure(file(validators: 2, curveKeys: [Self.curveKey(1)]))?.field == "validator_curve_keys")
        #expect(failure(file(validators: 2, curveKeys: [Self.curveKey(1), "short"]))?.field == "validator_curve_keys[1]")
        let notZ85 = String(repeating: "~", count: 40).replacingOccurrences(of: "~", with: "\"")
        #expect(failure(file(validators: 2, curveKeys: [notZ85, Self.curveKey(1)]))?.field == "validator_curve_keys[0]")
        #expect(failure(file(validators: 2, curveKeys: [Self.curveKey(1), Self.curveKey(1)]))?.field == "validator_curve_keys[1]")
        var bad = file(validators: 1, curveKeys: nil)
        bad.validatorsMax = 65
        #expect(failure(bad)?.field == "validators_max")
        bad = file(validators: 1, curveKeys: nil)
        bad.epochLengthBlocks = 0
        #expect(failure(bad)?.field == "epoch_length_blocks")
        bad = file(validators: 1, curveKeys: nil)
        bad.voterShareBps = 10_001
        #expect(failure(bad)?.field == "voter_share_bps")
        bad = file(validators: 1, curveKeys: nil)
        bad.allocations[0].asset = "BTC"
        bad.assets.append(.init(symbol: "BTC", decimals: 8))
        #expect(failure(bad)?.field == "allocations[0].asset")
    }
}
