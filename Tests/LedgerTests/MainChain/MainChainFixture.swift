import Crypto
import Ledger
import Primitives

/// Mines main-chain headers for tests: easy targets, so a few hundred hashes find a nonce.
struct MainChainFixture {
    let suite: any CryptoSuite = SchnorrSecp256k1Suite()
    /// Regtest's limit: about one hash in two passes.
    static let powLimitBits: UInt32 = 0x207f_ffff
    let parameters: MainChainParameters

    init(genesisBits: UInt32 = MainChainFixture.powLimitBits, retargetIntervalBlocks: UInt64 = 1_000, blockIntervalMs: UInt64 = 1_000) {
        let unmined = MainChainHeader(
            height: 0, previousHash: .zero, transactionRoot: .zero, timestampMs: 1_000_000, targetBits: genesisBits, nonce: 0)
        let suite = SchnorrSecp256k1Suite()
        parameters = MainChainParameters(
            genesisHeader: Self.mine(unmined, suite: suite), powLimitBits: Self.powLimitBits, blockIntervalMs: blockIntervalMs,
            retargetIntervalBlocks: retargetIntervalBlocks)
    }

    func tree(forkDepthMax: UInt64 = HeaderTree.forkDepthMaxDefault, headersMax: Int = HeaderTree.headersMaxDefault) -> HeaderTree {
        HeaderTree(parameters: parameters, suite: suite, forkDepthMax: forkDepthMax, headersMax: headersMax)
    }

    /// The first nonce from 0 whose hash meets the header's target.
    static func mine(_ header: MainChainHeader, suite: any CryptoSuite) -> MainChainHeader {
        let target = CompactTarget.target(ofBits: header.targetBits)!
        var nonce: UInt64 = 0
        while UInt256(bigEndian: header.withNonce(nonce).hash(suite: suite)) > target { nonce += 1 }
        return header.withNonce(nonce)
    }

    /// A header whose hash misses its target.
    func unmined(_ header: MainChainHeader) -> MainChainHeader {
        let target = CompactTarget.target(ofBits: header.targetBits)!
        var nonce: UInt64 = 0
        while UInt256(bigEndian: header.withNonce(nonce).hash(suite: suite)) <= target { nonce += 1 }
        return header.withNonce(nonce)
    }

    /// A mined child of `parent` in `tree`, `spacingMs` after it, with the bits the rule asks for;
    /// `salt` goes into the transaction root so siblings differ.
    func child(of parent: HeaderTree.Entry, in tree: HeaderTree, spacingMs: UInt64 = 1_000, salt: UInt8 = 0) -> MainChainHeader {
        Self.mine(
            MainChainHeader(
                height: parent.header.height + 1, previousHash: parent.hash, transactionRoot: suite.hash(.merkleLeaf, [salt]),
                timestampMs: parent.header.timestampMs + spacingMs, targetBits: tree.expectedTargetBits(childOf: parent), nonce: 0),
            suite: suite)
    }

    /// Extends `tree`'s branch ending at `tip` by `count` headers; returns the new tip.
    @discardableResult
    func extend(_ tree: inout HeaderTree, from tip: HeaderTree.Entry, count: Int, spacingMs: UInt64 = 1_000, salt: UInt8 = 0)
        throws -> HeaderTree.Entry
    {
        var tip = tip
        for _ in 0..<count {
            let header = child(of: tip, in: tree, spacingMs: spacingMs, salt: salt)
            try tree.accept(header)
            tip = tree.entry(header.hash(suite: suite))!
        }
        return tip
    }
}
