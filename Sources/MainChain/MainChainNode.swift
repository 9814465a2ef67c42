import Crypto
import Ledger
import Primitives
import Storage
import Synchronization

/// A main-chain node shared by its RPC thread and its miner: `MainChainCore` behind a lock,
/// and the observers told of each new best block (the PUB socket).
public final class MainChainNode: Sendable {
    public typealias BestObserver = @Sendable (_ header: MainChainHeader, _ height: UInt64) -> Void

    private let core: Mutex<MainChainCore>
    private let observers = Mutex<[BestObserver]>([])
    public let genesis: MainChainGenesis
    public let chainID: Hash256

    public init(core: sending MainChainCore) {
        genesis = core.genesis
        chainID = core.chainID
        self.core = Mutex(core)
    }

    /// Opens the chain in `store` (see `MainChainCore.init`).
    public convenience init(
        genesis: MainChainGenesis, store: any KeyValueStore, forkDepthMax: UInt64 = HeaderTree.forkDepthMaxDefault,
        mempool: Mempool = Mempool()
    ) throws(MainChainError) {
        self.init(core: try MainChainCore(genesis: genesis, store: store, forkDepthMax: forkDepthMax, mempool: mempool))
    }

    /// Calls `observer` (on the submitting thread, outside the lock) for every new best block.
    public func onNewBest(_ observer: @escaping BestObserver) { observers.withLock { $0.append(observer) } }

    /// Runs `body` with the state locked (reads and tests).
    public func withCore<Result: Sendable>(_ body: (inout MainChainCore) throws(MainChainError) -> Result) throws(MainChainError) -> Result
    {
        try core.withLock { (core: inout MainChainCore) throws(MainChainError) -> Result in try body(&core) }
    }

    @discardableResult
    public func submitBlock(_ block: MainChainBlock) throws(MainChainError) -> MainChainBlockOutcome {
        let (outcome, tip) = try withCore { core throws(MainChainError) in
            let outcome = try core.submitBlock(block)
            return (outcome, core.headers.best.header)
        }
        if outcome.movedTip { for observer in observers.withLock({ $0 }) { observer(tip, tip.height) } }
        return outcome
    }

    public func submitTransaction(_ transaction: Transaction) throws(MainChainError) -> Hash256 {
        try withCore { core throws(MainChainError) in try core.submitTransaction(transaction) }
    }

    /// The tip: height, hash and total work.
    public var best: (height: UInt64, hash: Hash256, chainWork: UInt256) {
        let entry = core.withLock { $0.headers.best }
        return (entry.header.height, entry.hash, entry.chainWork)
    }

    /// Answers one RPC request (never throws: a failure is an error response).
    public func answer(_ request: MainChainRequest) -> MainChainResponse {
        let id = request.requestID
        do {
            switch request.body {
            case .submitTransaction(let bytes):
                let transaction: Transaction
                do { transaction = try Transaction.decode(bytes) } catch { throw MainChainError.transactionRefused(index: nil, error) }
                return MainChainResponse(requestID: id, result: .transactionAccepted(try submitTransaction(transaction)))
            case .blockByHeight(let height):
                guard let block = try withCore({ core throws(MainChainError) in try core.block(height: height) }) else {
                    throw MainChainError.notFound("block at height \(height)")
                }
                return MainChainResponse(requestID: id, result: .block(block, kind: .blockByHeight))
            case .blockByHash(let hash):
                guard let block = try withCore({ core throws(MainChainError) in try core.block(hash: hash) }) else {
                    throw MainChainError.notFound("block \(hash)")
                }
                return MainChainResponse(requestID: id, result: .block(block, kind: .blockByHash))
            case .output(let outputID):
                let entry = try withCore { core throws(MainChainError) in try core.output(outputID) }
                return MainChainResponse(requestID: id, result: .output(entry.output, blockHash: entry.blockHash, height: entry.height))
            case .best:
                let best = self.best
                return MainChainResponse(requestID: id, result: .best(height: best.height, hash: best.hash, chainWork: best.chainWork))
            case .headerRange(let from, let count):
                let headers = try withCore { core throws(MainChainError) in try core.headers(from: from, countMax: count) }
                return MainChainResponse(requestID: id, result: .headers(headers))
            case .outputsHeldBy(let program, let after, let limit):
                let page = try withCore { core throws(MainChainError) in try core.outputs(heldBy: program, after: after, limit: Int(limit))
                }
                return MainChainResponse(requestID: id, result: .outputsHeld(page))
            }
        } catch let error as MainChainError {
            return MainChainResponse(requestID: id, error: error)
        } catch {
            return MainChainResponse(requestID: id, result: .error(code: MainChainError.storeCorrupt("").code, message: "\(error)"))
        }
    }

    /// Answers a raw request frame: garbage gets an error response carrying its code.
    public func answer(frame: [UInt8]) -> MainChainResponse {
        switch MainChainRequest.decode(frame) {
        case .success(let request): answer(request)
        case .failure(let failure): MainChainResponse(requestID: failure.requestID, error: failure.error)
        }
    }
}
