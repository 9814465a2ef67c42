import Crypto
import Ledger
import MainChain
import Primitives

/// The main chain's best tip as its node reports it.
public struct MainChainTip: Hashable, Sendable {
    public let height: UInt64
    public let hash: Hash256
    /// Total work of the chain ending at the tip.
    public let chainWork: UInt256

    public init(height: UInt64, hash: Hash256, chainWork: UInt256) {
        self.height = height
        self.hash = hash
        self.chainWork = chainWork
    }
}

/// What the peg needs from a main chain: its tip, its headers, its blocks, its unspent
/// outputs, and a way in for transactions. Everything in the Peg module outside an adapter
/// depends on this protocol only, so another chain's adapter (a Bytom-style RPC) can sit
/// beside the devnet's (`DevnetMainChainClient`).
///
/// Calls block the calling thread (the node's I/O is threads and blocking ZeroMQ with poll
/// timeouts, no async runtime) and are bounded in time by the adapter's timeout and retry
/// policy. Failures are `MainChainClientError`; `notFound` is an answer, not a failure of the
/// transport.
public protocol MainChainClient: Sendable {
    /// The best chain's tip.
    func best() throws(MainChainClientError) -> MainChainTip
    /// Up to `countMax` headers of the best chain from `fromHeight` up (fewer near the tip;
    /// empty past it).
    func headers(fromHeight: UInt64, countMax: Int) throws(MainChainClientError) -> [MainChainHeader]
    /// The best chain's block at `height`.
    func block(atHeight height: UInt64) throws(MainChainClientError) -> MainChainBlock
    /// The block with header hash `hash`, on the best chain or not.
    func block(hash: Hash256) throws(MainChainClientError) -> MainChainBlock
    /// The unspent output `id`; `notFound` when it is spent or unknown.
    func output(id: Hash256) throws(MainChainClientError) -> MainChainOutputRecord
    /// Hands `transaction` to the main chain's mempool; its ID when accepted.
    func submit(transaction: Transaction) throws(MainChainClientError) -> Hash256
    /// A page (at most `limit`, 1...`MainChainOutputPage.limitMax`) of the unspent outputs
    /// `program` holds on the best chain, output IDs above `after`, in output-ID order. The
    /// holder of a federation deposit is its federation's multisig program
    /// (`HolderIndex.holder(of:)`), so asking for that lists what the federation holds.
    func outputs(heldBy program: ControlProgram, after: Hash256?, limit: Int) throws(MainChainClientError) -> MainChainOutputPage
}

extension MainChainClient {
    /// Most pages `allOutputs(heldBy:)` reads (250,000 outputs at the largest page).
    public static var holdingsPagesMax: Int { 500 }

    /// Every unspent output `program` holds, page by page. More than `pagesMax` pages is an
    /// error (`garbage`), so a caller never works on a partial list believing it whole.
    public func allOutputs(heldBy program: ControlProgram, pagesMax: Int = Self.holdingsPagesMax) throws(MainChainClientError)
        -> [HeldOutput]
    {
        var all: [HeldOutput] = []
        var after: Hash256? = nil
        for _ in 0..<max(1, pagesMax) {
            let page = try outputs(heldBy: program, after: after, limit: MainChainOutputPage.limitMax)
            // Output-ID order is the contract: a page out of order or repeating the cursor is garbage.
            var previous = after
            for held in page.outputs {
                if let previous, !previous.bytes.lexicographicallyPrecedes(held.outputID.bytes) {
                    throw .garbage(detail: "holder page out of output-ID order at \(held.outputID)")
                }
                previous = held.outputID
            }
            all.append(contentsOf: page.outputs)
            guard let next = page.nextAfter else { return all }
            after = next
        }
        throw .garbage(detail: "\(program) holds more than \(pagesMax) pages of outputs")
    }
}
