import Crypto
import Ledger
import MainChain
import Primitives

@testable import Peg

/// A real `MainChainNode` as a `MainChainClient` without sockets: every call is the node's
/// own `answer(_:)`, with the devnet adapter's mapping of codes (not found vs refused).
struct NodeMainChainClient: MainChainClient {
    let node: MainChainNode

    private func ask(_ body: MainChainRequest.Body) throws(MainChainClientError) -> MainChainResponse.Result {
        let result = node.answer(MainChainRequest(requestID: 1, body: body)).result
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
