import Crypto
import Ledger
import Primitives

/// Main-chain headers waiting to go into a block, on the block thread: what the relay thread
/// fetched and the state's header tree does not hold yet.
///
/// Bounded: at most `candidatesMax` headers, deduplicated by hash; past the bound new headers
/// are refused and counted (`refused`), never silently kept. `build` offers them in height
/// order (then arrival order), so a parent always comes before its child; after each
/// committed block the ones the tree now holds, or that fell below its prune floor (no
/// branch can leave from there), are dropped.
public struct MainChainHeaderCandidates: Sendable {
    /// The default bound: four blocks' worth (`Block.maxMainChainHeaders` is 512).
    public static let candidatesMaxDefault = 2_048

    public let candidatesMax: Int
    private var entries: [Hash256: Entry] = [:]
    private var arrivals: UInt64 = 0
    /// Headers refused because the pool was full, over its life.
    public private(set) var refused: UInt64 = 0

    private struct Entry: Sendable {
        let header: MainChainHeader
        let arrival: UInt64
    }

    public init(candidatesMax: Int = MainChainHeaderCandidates.candidatesMaxDefault) {
        precondition(candidatesMax >= 1, "the pool holds at least one header")
        self.candidatesMax = candidatesMax
    }

    public var count: Int { entries.count }

    /// Adds `headers` not already pending nor in `tree`, in order, while there is room;
    /// returns how many it added (the rest were duplicates, known, or refused and counted).
    @discardableResult
    public mutating func add(_ headers: [MainChainHeader], tree: HeaderTree) -> Int {
        var added = 0
        for header in headers {
            let hash = header.hash(suite: tree.suite)
            guard entries[hash] == nil, tree.entry(hash) == nil, header.height >= Self.floor(of: tree) else { continue }
            guard entries.count < candidatesMax else {
                refused += 1
                continue
            }
            arrivals += 1
            entries[hash] = Entry(header: header, arrival: arrivals)
            added += 1
        }
        assert(entries.count <= candidatesMax, "bounded by candidatesMax")
        return added
    }

    /// Every pending header, by height then arrival (deterministic for a given input order).
    public func ordered() -> [MainChainHeader] {
        entries.values.sorted { ($0.header.height, $0.arrival) < ($1.header.height, $1.arrival) }.map(\.header)
    }

    /// Drops the headers `tree` now holds, those below its prune floor, and those it can never
    /// take: refused by its rules, or whose parent is neither in the tree nor a kept candidate.
    /// Anyone may submit headers (the gateway), so junk must not sit in the bounded pool
    /// forever; a header waiting for its parent among the candidates stays.
    public mutating func committed(tree: HeaderTree) {
        let floor = Self.floor(of: tree)
        var kept: [Hash256: Entry] = [:]
        // Height order, so a parent is judged before its children.
        for entry in entries.values.sorted(by: { ($0.header.height, $0.arrival) < ($1.header.height, $1.arrival) }) {
            guard entry.header.height >= floor else { continue }
            let hash: Hash256
            do throws(HeaderChainError) { hash = try tree.check(entry.header).hash } catch {
                guard case .unknownParent(let parent) = error, kept[parent] != nil else { continue }
                hash = entry.header.hash(suite: tree.suite)
            }
            kept[hash] = entry
        }
        entries = kept
    }

    /// The lowest height a new branch may still leave the best chain from: below it a header
    /// could never be accepted.
    static func floor(of tree: HeaderTree) -> UInt64 {
        tree.bestHeight > tree.forkDepthMax ? tree.bestHeight - tree.forkDepthMax : 0
    }
}
