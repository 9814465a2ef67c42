import Crypto
import Foundation
import Ledger
import MainChain
import Primitives
import Storage
import Synchronization

/// A small main chain for tests: BTC (native) and USDT issued to Alice and Bob, the easiest
/// proof of work (about two hashes a block), 100 ms blocks, retarget every 10.
struct MainChainFixture {
    let suite: any CryptoSuite = SchnorrSecp256k1Suite()
    let alice: any SigningKey
    let bob: any SigningKey
    let btc = AssetDefinition(symbol: "BTC", decimals: 8)
    let usdt = AssetDefinition(symbol: "USDT", decimals: 6)
    let genesis: MainChainGenesis

    init(blockIntervalMs: UInt64 = 100, retargetIntervalBlocks: UInt64 = 10, powLimitBits: UInt32 = 0x207f_ffff) throws {
        alice = try suite.signingKey(secret: [UInt8](repeating: 0xA1, count: 32))
        bob = try suite.signingKey(secret: [UInt8](repeating: 0xB0, count: 32))
        genesis = MainChainGenesis(
            chainName: "mainchain-test", timestampMs: 1_700_000_000_000, powLimitBits: powLimitBits, blockIntervalMs: blockIntervalMs,
            retargetIntervalBlocks: retargetIntervalBlocks, nativeAsset: btc, assets: [btc, usdt],
            allocations: [
                .init(asset: btc, amount: Amount(1_000_000_000), program: .payToKey(alice.publicKey)),
                .init(asset: usdt, amount: Amount(5_000_000_000), program: .payToKey(bob.publicKey)),
                .init(asset: btc, amount: Amount(300_000_000), program: .payToKey(alice.publicKey)),
            ])
    }

    /// The ID of genesis allocation `index`.
    func genesisOutput(_ index: Int) -> Hash256 {
        Transaction.outputID(transactionID: genesis.issuance.id(suite: suite), index: index, suite: suite)
    }

    /// A signed transaction spending `outputID` (held by `owner`, `amount` of `asset`) to
    /// `to`, paying `fee` in BTC out of the amount when the asset is BTC.
    func transfer(
        _ outputID: Hash256, of amount: UInt64, asset: AssetDefinition, from owner: any SigningKey, to: PublicKey, fee: UInt64 = 0
    ) throws -> Transaction {
        let unsigned = Transaction(
            inputs: [Input(spending: outputID, witness: .feePayout)],
            outputs: [Output(asset: asset.id(suite: suite), amount: Amount(amount - fee), program: .payToKey(to))], fee: Amount(fee))
        return try unsigned.withWitnesses(chainID: genesis.chainID, suite: suite) { _, sighash in
            .signature(try suite.signDeterministically(sighash, with: owner))
        }
    }

    /// A block on `parent` carrying `transactions`, with a nonce that meets the target.
    func block(on parent: HeaderTree.Entry, in tree: HeaderTree, transactions: [Transaction] = [], timestampMs: UInt64? = nil)
        -> MainChainBlock
    {
        let header = MainChainHeader(
            height: parent.header.height + 1, previousHash: parent.hash,
            transactionRoot: MainChainBlock.transactionRoot(of: transactions, suite: suite),
            timestampMs: timestampMs ?? parent.header.timestampMs + genesis.blockIntervalMs,
            targetBits: tree.expectedTargetBits(childOf: parent), nonce: 0)
        let target = CompactTarget.target(ofBits: header.targetBits)!
        var nonce: UInt64 = 0
        while UInt256(bigEndian: header.withNonce(nonce).hash(suite: suite)) > target { nonce += 1 }
        return MainChainBlock(header: header.withNonce(nonce), transactions: transactions)
    }
}

/// A clock that moves only when asked: each `nowMs()` call advances `stepMs` (so a miner,
/// which reads it once per chunk of hashes, has a fixed hash rate), and `sleep` advances by
/// the time slept.
final class SteppingClock: MinerClock {
    private let time: Mutex<UInt64>
    private let slept = Mutex<UInt64>(0)
    let stepMs: UInt64

    init(startMs: UInt64, stepMs: UInt64) {
        time = Mutex(startMs)
        self.stepMs = stepMs
    }

    var sleptMs: UInt64 { slept.withLock { $0 } }

    func nowMs() -> UInt64 {
        time.withLock { time in
            time += stepMs
            return time
        }
    }

    func sleep(ms: UInt64) {
        slept.withLock { $0 += ms }
        time.withLock { $0 += ms }
    }
}

func withTemporaryDirectory<R>(_ body: (String) throws -> R) throws -> R {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("mainchain-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}
