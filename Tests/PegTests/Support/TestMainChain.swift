import Crypto
import Foundation
import Ledger
import MainChain
import Peg
import Primitives
import Synchronization

/// An in-memory main chain for Peg tests: blocks mined for real under an easy target (about
/// one hash in two passes), so `HeaderTree` accepts their headers exactly as it would the
/// devnet's. Holds every block by hash and a best chain that the test moves (to stage reorgs).
final class TestMainChain: @unchecked Sendable {
    static let suite: any CryptoSuite = SchnorrSecp256k1Suite()
    /// Regtest's limit: targets just under 2^255.
    static let easyBits: UInt32 = 0x207f_ffff
    static let intervalMs: UInt64 = 1_000

    let parameters: MainChainParameters
    private let state = Mutex<(blocks: [Hash256: MainChainBlock], best: [Hash256])>(([:], []))

    init() {
        let genesis = Self.mine(
            MainChainHeader(
                height: 0, previousHash: .zero, transactionRoot: .zero, timestampMs: 1_000_000, targetBits: Self.easyBits, nonce: 0))
        parameters = MainChainParameters(
            genesisHeader: genesis, powLimitBits: Self.easyBits, blockIntervalMs: Self.intervalMs, retargetIntervalBlocks: 4_032)
        let block = MainChainBlock(header: genesis, transactions: [])
        state.withLock {
            $0.blocks[genesis.hash(suite: Self.suite)] = block
            $0.best = [genesis.hash(suite: Self.suite)]
        }
    }

    var genesisHash: Hash256 { parameters.genesisHeader.hash(suite: Self.suite) }
    var bestHeight: UInt64 { state.withLock { UInt64($0.best.count - 1) } }
    var bestHash: Hash256 { state.withLock { $0.best[$0.best.count - 1] } }
    func block(_ hash: Hash256) -> MainChainBlock? { state.withLock { $0.blocks[hash] } }
    func block(atHeight height: UInt64) -> MainChainBlock? {
        state.withLock { height < UInt64($0.best.count) ? $0.blocks[$0.best[Int(height)]] : nil }
    }
    func bestHash(atHeight height: UInt64) -> Hash256? {
        state.withLock { height < UInt64($0.best.count) ? $0.best[Int(height)] : nil }
    }

    /// Mines a block on `parent` (the best tip by default) and makes it the best tip when it
    /// extends the best chain; `salt` makes sibling blocks differ.
    @discardableResult
    func mine(on parent: Hash256? = nil, transactions: [Transaction] = [], salt: UInt64 = 0) -> MainChainBlock {
        let parentHash = parent ?? bestHash
        guard let parentBlock = block(parentHash) else { preconditionFailure("a known parent") }
        let header = Self.mine(
            MainChainHeader(
                height: parentBlock.header.height + 1, previousHash: parentHash,
                transactionRoot: MainChainBlock.transactionRoot(of: transactions, suite: Self.suite),
                timestampMs: parentBlock.header.timestampMs + Self.intervalMs + salt, targetBits: Self.easyBits, nonce: 0))
        let block = MainChainBlock(header: header, transactions: transactions)
        let hash = header.hash(suite: Self.suite)
        state.withLock {
            $0.blocks[hash] = block
            if $0.best[$0.best.count - 1] == parentHash { $0.best.append(hash) }
        }
        return block
    }

    /// Makes the branch ending at `tip` the best chain (the test decides which has more work:
    /// equal targets, so the longer).
    func setBest(tip: Hash256) {
        state.withLock { state in
            var chain: [Hash256] = []
            var cursor: Hash256? = tip
            while let hash = cursor, let block = state.blocks[hash] {
                chain.append(hash)
                cursor = block.header.height == 0 ? nil : block.header.previousHash
            }
            state.best = chain.reversed()
        }
    }

    /// The answer a devnet node would give to `request` (errors with the node's codes).
    func answer(_ request: MainChainRequest) -> MainChainResponse.Result {
        switch request.body {
        case .best:
            let hash = bestHash
            return .best(height: bestHeight, hash: hash, chainWork: UInt256(bestHeight + 1))
        case .blockByHeight(let height):
            guard let block = block(atHeight: height) else { return .error(code: 9523, message: "no block at \(height)") }
            return .block(block, kind: .blockByHeight)
        case .blockByHash(let hash):
            guard let block = block(hash) else { return .error(code: 9523, message: "no block \(hash)") }
            return .block(block, kind: .blockByHash)
        case .headerRange(let from, let count):
            var headers: [MainChainHeader] = []
            var height = from
            while headers.count < Int(count), let block = block(atHeight: height) {
                headers.append(block.header)
                height += 1
            }
            return .headers(headers)
        case .output(let id):
            for height in 0...bestHeight {
                guard let block = block(atHeight: height) else { continue }
                for transaction in block.transactions {
                    let txID = transaction.id(suite: Self.suite)
                    for index in transaction.outputs.indices
                    where Transaction.outputID(transactionID: txID, index: index, suite: Self.suite) == id {
                        return .output(transaction.outputs[index], blockHash: block.hash(suite: Self.suite), height: height)
                    }
                }
            }
            return .error(code: 9525, message: "unknown output \(id)")
        case .submitTransaction(let bytes):
            guard let transaction = try? Transaction.decode(bytes) else { return .error(code: 9507, message: "malformed") }
            return .transactionAccepted(transaction.id(suite: Self.suite))
        case .outputsHeldBy(let program, let after, let limit):
            guard (1...MainChainOutputPage.limitMax).contains(Int(limit)) else { return .error(code: 9531, message: "limit") }
            // The best chain's unspent outputs by holder, as the node's index keeps them.
            var created: [Hash256: HeldOutput] = [:]
            var spent: Set<Hash256> = []
            for height in 0...bestHeight {
                guard let block = block(atHeight: height) else { continue }
                let blockHash = block.hash(suite: Self.suite)
                for transaction in block.transactions {
                    for input in transaction.inputs { spent.insert(input.spentOutputID) }
                    let txID = transaction.id(suite: Self.suite)
                    for (index, output) in transaction.outputs.enumerated()
                    where HolderIndex.holder(of: output.program) == HolderIndex.holder(of: program) {
                        let id = Transaction.outputID(transactionID: txID, index: index, suite: Self.suite)
                        created[id] = HeldOutput(
                            outputID: id, record: MainChainOutputRecord(output: output, blockHash: blockHash, height: height))
                    }
                }
            }
            let ordered = created.values.filter { !spent.contains($0.outputID) }
                .filter { held in after.map { $0.bytes.lexicographicallyPrecedes(held.outputID.bytes) } ?? true }
                .sorted { $0.outputID.bytes.lexicographicallyPrecedes($1.outputID.bytes) }
            return .outputsHeld(MainChainOutputPage(outputs: Array(ordered.prefix(Int(limit))), more: ordered.count > Int(limit)))
        }
    }

    static func mine(_ header: MainChainHeader) -> MainChainHeader {
        let target = CompactTarget.target(ofBits: header.targetBits)!
        var nonce: UInt64 = 0
        while true {
            let candidate = header.withNonce(nonce)
            if UInt256(bigEndian: candidate.hash(suite: suite)) <= target { return candidate }
            nonce += 1
        }
    }
}

/// A `MainChainClient` without sockets, for the federation's and the wallet's tests: every
/// call is answered by the in-memory chain or by a real `MainChainNode`'s own `answer(_:)`,
/// with the devnet adapter's mapping of codes (not found vs refused).
struct AnsweringMainChainClient: MainChainClient {
    let answer: @Sendable (MainChainRequest) -> MainChainResponse.Result

    /// The in-memory chain's answers.
    init(chain: TestMainChain) { answer = { chain.answer($0) } }

    /// A real node's answers (`MainChainNode.answer(_:)`).
    init(node: MainChainNode) { answer = { node.answer($0).result } }

    private func ask(_ body: MainChainRequest.Body) throws(MainChainClientError) -> MainChainResponse.Result {
        let result = answer(MainChainRequest(requestID: 1, body: body))
        if case .error(let code, let message) = result {
            throw DevnetMainChainClient.notFoundCodes.contains(code) ? .notFound(what: message) : .remote(code: code, message: message)
        }
        return result
    }

    func best() throws(MainChainClientError) -> MainChainTip {
        guard case .best(let height, let hash, let work) = try ask(.best) else { throw .garbage(detail: "kind") }
        return MainChainTip(height: height, hash: hash, chainWork: work)
    }

    func headers(fromHeight: UInt64, countMax: Int) throws(MainChainClientError) -> [MainChainHeader] {
        guard case .headers(let headers) = try ask(.headerRange(fromHeight: fromHeight, countMax: UInt32(countMax))) else {
            throw .garbage(detail: "kind")
        }
        return headers
    }

    func block(atHeight height: UInt64) throws(MainChainClientError) -> MainChainBlock {
        guard case .block(let block, _) = try ask(.blockByHeight(height)) else { throw .garbage(detail: "kind") }
        return block
    }

    func block(hash: Hash256) throws(MainChainClientError) -> MainChainBlock {
        guard case .block(let block, _) = try ask(.blockByHash(hash)) else { throw .garbage(detail: "kind") }
        return block
    }

    func output(id: Hash256) throws(MainChainClientError) -> MainChainOutputRecord {
        guard case .output(let output, let blockHash, let height) = try ask(.output(id)) else { throw .garbage(detail: "kind") }
        return MainChainOutputRecord(output: output, blockHash: blockHash, height: height)
    }

    func submit(transaction: Transaction) throws(MainChainClientError) -> Hash256 {
        guard case .transactionAccepted(let id) = try ask(.submitTransaction(transaction.canonicalBytes)) else {
            throw .garbage(detail: "kind")
        }
        return id
    }

    func outputs(heldBy program: ControlProgram, after: Hash256?, limit: Int) throws(MainChainClientError) -> MainChainOutputPage {
        guard case .outputsHeld(let page) = try ask(.outputsHeldBy(program: program, after: after, limit: UInt16(clamping: limit))) else {
            throw .garbage(detail: "kind")
        }
        return page
    }
}

/// A clock whose sleeps return at once and are recorded, so a test asserts the backoff
/// schedule without waiting for it.
final class RecordingClock: PegClock, @unchecked Sendable {
    private let state = Mutex<(now: UInt64, sleeps: [UInt64])>((0, []))

    var sleeps: [UInt64] { state.withLock { $0.sleeps } }
    func nowMs() -> UInt64 { state.withLock { $0.now } }
    func sleep(milliseconds: UInt64) {
        state.withLock {
            $0.sleeps.append(milliseconds)
            $0.now += milliseconds
        }
    }
}

/// A fresh temporary directory path for a LevelDB store, and its removal.
enum FileManagerPath {
    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
