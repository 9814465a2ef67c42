import Crypto
import Foundation
import Ledger
import MainChain
import Primitives
import ZeroMQ

/// The `MainChainClient` for the in-repo proof-of-work devnet (`lodestone-mainchain`): a
/// DEALER to the node's RPC ROUTER speaking `MainChainRequest` / `MainChainResponse`
/// (docs/MAINCHAIN.md), one request at a time.
///
/// Every request gets a fresh ID and waits at most `timeoutMs`; answers are bounded to
/// `MainChainResponse.bytesMax`. Timeouts, disconnects and garbage are retried by `retry`
/// (backoff on `clock`); a refusal or not-found from the node is returned at once. After a
/// timeout or disconnect the socket is replaced, so the next attempt reconnects.
///
/// Thread-safe: calls from several threads are serialized on a lock (the socket is one).
public final class DevnetMainChainClient: MainChainClient, @unchecked Sendable {
    /// The node's codes that mean "no such thing" rather than a refusal (docs/MAINCHAIN.md).
    public static let notFoundCodes: Set<UInt16> = [9523, 9524, 9525]
    /// The longest per-request timeout a client may be given.
    public static let timeoutMsMax = 600_000

    public let endpoint: String
    public let timeoutMs: Int
    public let retry: RetryPolicy
    /// The main chain's crypto suite (block hashes are checked with it).
    public let suite: any CryptoSuite
    private let clock: any PegClock
    private let lock = NSLock()
    // Guarded by `lock`.
    private let exchange: DealerExchange
    private var nextRequestID: UInt64 = 1

    /// A client of the RPC at `endpoint` (libzmq connects in the background; the node may
    /// start later).
    public init(
        endpoint: String, suite: any CryptoSuite, timeoutMs: Int = 5_000, retry: RetryPolicy = .standard,
        clock: any PegClock = SystemPegClock(),
        context: ZMQContext? = nil
    ) throws(MainChainClientError) {
        guard (1...Self.timeoutMsMax).contains(timeoutMs) else {
            throw .socketFailed(detail: "timeoutMs must be 1...\(Self.timeoutMsMax), got \(timeoutMs)")
        }
        self.endpoint = endpoint
        self.timeoutMs = timeoutMs
        self.suite = suite
        self.retry = retry
        self.clock = clock
        let zmq: ZMQContext
        do { zmq = try context ?? ZMQContext() } catch { throw .socketFailed(detail: "context: \(error)") }
        exchange = try DealerExchange(context: zmq, endpoint: endpoint, responseBytesMax: MainChainResponse.bytesMax)
    }

    deinit { close() }

    /// Closes the socket; a later call opens a new one.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        exchange.close()
    }

    // MARK: MainChainClient

    public func best() throws(MainChainClientError) -> MainChainTip {
        let result = try call(.best)
        guard case .best(let height, let hash, let chainWork) = result else { throw Self.wrongKind(result, expected: "best") }
        return MainChainTip(height: height, hash: hash, chainWork: chainWork)
    }

    public func headers(fromHeight: UInt64, countMax: Int) throws(MainChainClientError) -> [MainChainHeader] {
        let count = UInt32(clamping: max(0, min(countMax, Int(MainChainRequest.headerRangeCountMax))))
        let result = try call(.headerRange(fromHeight: fromHeight, countMax: count))
        guard case .headers(let headers) = result else { throw Self.wrongKind(result, expected: "headers") }
        guard headers.count <= Int(count) else { throw .garbage(detail: "\(headers.count) headers for a range of \(count)") }
        for (offset, header) in headers.enumerated() where header.height != fromHeight + UInt64(offset) {
            throw .garbage(detail: "header \(offset) of a range from \(fromHeight) has height \(header.height)")
        }
        return headers
    }

    public func block(atHeight height: UInt64) throws(MainChainClientError) -> MainChainBlock {
        let result = try call(.blockByHeight(height))
        guard case .block(let block, let kind) = result, kind == .blockByHeight else { throw Self.wrongKind(result, expected: "block") }
        guard block.header.height == height else { throw .garbage(detail: "block at height \(block.header.height) for \(height)") }
        return block
    }

    public func block(hash: Hash256) throws(MainChainClientError) -> MainChainBlock {
        let result = try call(.blockByHash(hash))
        guard case .block(let block, let kind) = result, kind == .blockByHash else { throw Self.wrongKind(result, expected: "block") }
        // The node could send any block; only the asked-for one is of use.
        guard block.header.hash(suite: suite) == hash else {
            throw .garbage(detail: "a block that is not \(hash)")
        }
        return block
    }

    public func output(id: Hash256) throws(MainChainClientError) -> MainChainOutputRecord {
        let result = try call(.output(id))
        guard case .output(let output, let blockHash, let height) = result else { throw Self.wrongKind(result, expected: "output") }
        return MainChainOutputRecord(output: output, blockHash: blockHash, height: height)
    }

    public func submit(transaction: Transaction) throws(MainChainClientError) -> Hash256 {
        let result = try call(.submitTransaction(transaction.canonicalBytes))
        guard case .transactionAccepted(let id) = result else { throw Self.wrongKind(result, expected: "transaction ID") }
        return id
    }

    public func outputs(heldBy program: ControlProgram, after: Hash256?, limit: Int) throws(MainChainClientError) -> MainChainOutputPage {
        guard (1...MainChainOutputPage.limitMax).contains(limit) else {
            throw .remote(
                code: MainChainError.pageLimitInvalid(limit: limit, max: MainChainOutputPage.limitMax).code,
                message: "limit \(limit) is outside 1...\(MainChainOutputPage.limitMax) (refused before sending)")
        }
        let result = try call(.outputsHeldBy(program: program, after: after, limit: UInt16(limit)))
        guard case .outputsHeld(let page) = result else { throw Self.wrongKind(result, expected: "outputs held") }
        // Only a page answering the question is of use: within the limit, above the cursor.
        guard page.outputs.count <= limit else { throw .garbage(detail: "\(page.outputs.count) outputs for a page of \(limit)") }
        if let after, let first = page.outputs.first, !after.bytes.lexicographicallyPrecedes(first.outputID.bytes) {
            throw .garbage(detail: "a page after \(after) starting at \(first.outputID)")
        }
        return page
    }

    // MARK: Exchange

    /// One request with retries: each attempt gets its own request ID.
    private func call(_ body: MainChainRequest.Body) throws(MainChainClientError) -> MainChainResponse.Result {
        let result = try retry.run(clock: clock) { (_: Int) throws(MainChainClientError) -> MainChainResponse.Result in
            try attempt(body)
        }
        if case .error(let code, let message) = result {
            throw Self.notFoundCodes.contains(code) ? .notFound(what: "\(code): \(message)") : .remote(code: code, message: message)
        }
        return result
    }

    private func attempt(_ body: MainChainRequest.Body) throws(MainChainClientError) -> MainChainResponse.Result {
        lock.lock()
        defer { lock.unlock() }
        let requestID = nextRequestID
        nextRequestID += 1
        let request = MainChainRequest(requestID: requestID, body: body)
        let bytes = try exchange.exchange(requestID: requestID, request: request.canonicalBytes, timeoutMs: timeoutMs)
        let response: MainChainResponse
        do { response = try MainChainResponse.decode(bytes) } catch { throw .garbage(detail: "response: \(error)") }
        assert(response.requestID == requestID, "the exchange matched the ID")
        if case .error = response.result { return response.result }
        guard Self.answers(response.result, body.kind) else { throw Self.wrongKind(response.result, expected: "\(body.kind)") }
        return response.result
    }

    /// Whether `result` is the kind of answer `kind` asks for.
    static func answers(_ result: MainChainResponse.Result, _ kind: MainChainRequest.Kind) -> Bool {
        switch (result, kind) {
        case (.transactionAccepted, .submitTransaction), (.output, .output), (.best, .best), (.headers, .headerRange),
            (.outputsHeld, .outputsHeldBy):
            true
        case (.block(_, let answered), let asked): answered == asked
        default: false
        }
    }

    private static func wrongKind(_ result: MainChainResponse.Result, expected: String) -> MainChainClientError {
        .garbage(detail: "expected \(expected), got \(String(describing: result).prefix(120))")
    }
}
