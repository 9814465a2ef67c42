import Crypto
import Ledger
import Primitives

/// Fixed keys, assets and a chain ID shared by the targets and the seed writer, so that
/// seeds and synthesized chain state name the same things.
public enum FuzzFixtures {
    public static let suite: any CryptoSuite = SchnorrSecp256k1Suite()
    public static let chainID = hash(0xC1)
    public static let native = AssetID(hash(0x01))
    public static let btc = AssetID(hash(0x02))
    public static let usdt = AssetID(hash(0x03))
    public static let assets = [native, btc, usdt]
    public static let alice = signingKey(0xA1)
    public static let bob = signingKey(0xB0)

    /// A hash made of one repeated byte.
    public static func hash(_ byte: UInt8) -> Hash256 {
        // 32 bytes always make a hash.
        guard let hash = try? Hash256(bytes: [UInt8](repeating: byte, count: 32)) else { fatalError("32 bytes make a Hash256") }
        return hash
    }

    /// The suite's key for a secret of one repeated byte.
    public static func signingKey(_ byte: UInt8) -> any SigningKey {
        guard let key = try? suite.signingKey(secret: [UInt8](repeating: byte, count: 32)) else {
            fatalError("fixed secret \(byte) is a key")
        }
        return key
    }
}

/// A UTXO view that has an output for every ID, derived from the ID's bytes: a fuzzed
/// transaction then reaches the validator's spend rules, since the fuzzer chooses both the
/// spent IDs and so the outputs they name.
public struct SynthesizedUTXOView: UTXOView, Sendable {
    public init() {}

    public func unspentOutput(_ id: Hash256) -> Output? {
        let bytes = id.bytes
        let asset = FuzzFixtures.assets[Int(bytes[0]) % FuzzFixtures.assets.count]
        let amount = bytes[1...8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let keys = [FuzzFixtures.alice.publicKey, FuzzFixtures.bob.publicKey]
        let owner = keys[Int(bytes[10]) % keys.count]
        let program: ControlProgram
        switch bytes[9] % 4 {
        case 0: program = .payToKey(owner)
        case 1: program = .multisig(threshold: bytes[11] % 3, keys: keys)
        case 2:
            guard let price = try? Ratio(UInt64(bytes[12]) + 1, UInt64(bytes[13]) + 1) else { return nil }
            program = .magneticOrder(
                MagneticOrder(
                    requestedAsset: FuzzFixtures.assets[Int(bytes[14]) % FuzzFixtures.assets.count], price: price,
                    sellerProgram: .payToKey(owner), sellerKey: owner, flags: MagneticOrder.Flags(rawValue: bytes[15] & 0x03),
                    maxFeeBps: UInt16(bytes[16]), expiryHeight: bytes[17] == 0 ? nil : UInt64(bytes[17])))
        default:
            program = .voteLock(
                VoteLock(
                    owner: owner, candidate: keys[1 - Int(bytes[10]) % keys.count], unlockDelayBlocks: UInt64(bytes[18]),
                    unlockRequestedAt: bytes[19] == 0 ? nil : UInt64(bytes[19])))
        }
        return Output(asset: asset, amount: Amount(amount), program: program)
    }

    public func orderID(ofOutput id: Hash256) -> Hash256? { nil }
}
