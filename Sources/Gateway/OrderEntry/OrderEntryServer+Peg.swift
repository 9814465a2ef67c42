import Chain
import Crypto
import Foundation
import Ledger
import LodestoneWire
import Primitives

/// Where submitted main-chain headers go: the node's `MainChainHeaderFeed` (a validator's
/// block thread takes them as candidates, a follower's forwards them to the validators).
public protocol MainChainHeaderSink: Sendable {
    /// Offers `headers` in order without waiting; returns how many were refused because the
    /// hand-off was full (the others are queued).
    func hand(_ headers: [MainChainHeader]) -> Int
}

/// The peg's requests (docs/PROTOCOL.md §8.2): a page of burns, read on the gateway thread
/// from a store snapshot like a coins page, and main-chain headers handed to the block
/// thread's candidates without a round trip. Both are refused with `no_peg` on a chain
/// without a peg.
extension OrderEntryServer {
    /// Burns a token pays for in a burns page; a page of `limit` costs `ceil(limit / 100)`.
    static let burnsPerToken = 100
    /// Headers a token pays for in a submission (each is hashed here); 512 cost 8.
    static let headersPerToken = 64

    /// Tokens a peg request costs beyond the one every request pays.
    static func pegExtraTokens(_ request: Lodestone_V1_Request) -> UInt64 {
        switch request.body {
        case .burns(let query)?: UInt64((Int(query.limit) + burnsPerToken - 1) / burnsPerToken) - 1
        case .submitHeaders(let submission)?: UInt64((submission.headers.count + headersPerToken - 1) / headersPerToken) - 1
        default: 0
        }
    }

    /// The answer to a burns query, or its refusal.
    func answerBurns(_ query: Lodestone_V1_BurnsQuery, clientOrderID: String) -> Lodestone_V1_Response {
        guard config.genesis.peg != nil, let burnSource else {
            return .reject(clientOrderID, Rejection(GatewayError(.noPeg, "this chain has no peg: it has no burns")))
        }
        var after: Hash256?
        if !query.after.isEmpty {
            // The wire check made the cursor 32 bytes, which is always an ID.
            guard let id = try? Hash256(bytes: [UInt8](query.after)) else {
                return .reject(clientOrderID, Rejection(GatewayError(.badField, "after: \(query.after.count) bytes are not an output ID")))
            }
            after = id
        }
        let page: BurnPage
        do { page = try burnSource.burns(from: query.fromHeight, after: after, limit: Int(query.limit)) } catch {
            counters.count(\.burnsUnavailable)
            return .reject(clientOrderID, Rejection(GatewayError(.burnsUnavailable, "\(error)")))
        }
        counters.count(\.burnsQueries)
        var burns = Lodestone_V1_Burns()
        burns.height = page.height
        burns.more = page.more
        burns.burns = page.burns.map { entry in
            var wire = Lodestone_V1_Burn()
            wire.outputID = entry.burn.outputID.data
            wire.asset = entry.burn.asset.hash.data
            wire.amount = entry.burn.amount.units
            wire.mainChainProgram = Data(entry.burn.mainChainAddress)
            wire.height = entry.height
            return wire
        }
        var response = Lodestone_V1_Response()
        response.clientOrderID = clientOrderID
        response.result = .burns(burns)
        return response
    }

    /// Queues submitted headers as candidates, or refuses them: each must decode, have the
    /// current version, and meet its own target within the main chain's proof-of-work limit
    /// (what a header can show without its parent; the tree checks the rest when a proposer
    /// offers it, and the candidates drop what it can never take).
    func answerSubmitHeaders(_ submission: Lodestone_V1_SubmitMainChainHeaders, clientOrderID: String) -> Lodestone_V1_Response {
        guard let peg = config.genesis.peg else {
            return .reject(clientOrderID, Rejection(GatewayError(.noPeg, "this chain has no peg: it takes no main-chain headers")))
        }
        guard let headerSink else {
            return .reject(
                clientOrderID,
                Rejection(
                    GatewayError(
                        .headersNotAccepted, "this gateway has nowhere to send main-chain headers: submit them to a node's gateway")))
        }
        var headers: [MainChainHeader] = []
        headers.reserveCapacity(submission.headers.count)
        for (index, bytes) in submission.headers.enumerated() {
            do throws(GatewayError) {
                headers.append(try Self.mainChainHeader(bytes, parameters: peg.mainChain, suite: config.suite))
            } catch {
                return .reject(clientOrderID, Rejection(GatewayError(error.kind, "headers[\(index)]: \(error.message)")))
            }
        }
        let refused = headerSink.hand(headers)
        guard refused == 0 else {
            counters.count(\.headersBusy)
            return .reject(
                clientOrderID,
                Rejection(
                    GatewayError(
                        .headersBusy, "the node's header hand-off is full: \(refused) of \(headers.count) refused; send them again later")))
        }
        counters.count(\.headerSubmissions)
        return .ack(clientOrderID, Lodestone_V1_Ack())
    }

    /// The header `bytes` encode, if it can be a main-chain header at all.
    static func mainChainHeader(_ bytes: Data, parameters: MainChainParameters, suite: any CryptoSuite) throws(GatewayError)
        -> MainChainHeader
    {
        let header: MainChainHeader
        do { header = try MainChainHeader(canonicalBytes: [UInt8](bytes)) } catch {
            throw GatewayError(.badMainChainHeader, "not a main-chain header: \(error.message)")
        }
        guard header.version == MainChainHeader.currentVersion else {
            throw GatewayError(.badMainChainHeader, "version \(header.version), want \(MainChainHeader.currentVersion)")
        }
        let hash = header.hash(suite: suite)
        guard let target = CompactTarget.target(ofBits: header.targetBits),
            let limit = CompactTarget.target(ofBits: parameters.powLimitBits), target <= limit,
            UInt256(bigEndian: hash) <= target
        else {
            throw GatewayError(
                .badMainChainHeader,
                "hash \(hash) does not meet target bits \(String(header.targetBits, radix: 16)) within the proof-of-work limit")
        }
        return header
    }
}
