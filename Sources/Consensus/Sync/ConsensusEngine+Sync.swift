import Chain
import Crypto
import Primitives

extension ConsensusEngine {
    /// A peer's status: remembered (for `status`), and if it has committed more than this
    /// node, blocks are requested from it (one request in flight at a time).
    func handleStatus(_ status: PeerStatus, from peer: PublicKey) {
        guard status.chainID == chainID else { return drop(.wrongChain) }
        guard peerHeights[peer] != nil || peerHeights.count < configuration.peersTrackedMax else { return drop(.tooManyPeers) }
        peerHeights[peer] = status.height
        replyIfBehind(status, to: peer)
        requestBlocksIfBehind(from: peer)
    }

    /// A peer behind this node learns so at once (it may not be in this node's status
    /// rotation for a while): one status back, at most once per status interval per peer.
    private func replyIfBehind(_ status: PeerStatus, to peer: PublicKey) {
        let committed = application.committedHeight
        guard status.height < committed else { return }
        let now = clock.nowMs()
        if let last = statusRepliedMs[peer], now < last + configuration.statusIntervalMs { return }
        guard statusRepliedMs[peer] != nil || statusRepliedMs.count < configuration.peersTrackedMax else { return }
        statusRepliedMs[peer] = now
        send(.status(PeerStatus(chainID: chainID, height: committed, round: 0)), to: peer)
    }

    func requestBlocksIfBehind(from peer: PublicKey) {
        let committed = application.committedHeight
        guard let peerHeight = peerHeights[peer], peerHeight > committed else { return }
        if let inFlight = syncInFlight, clock.nowMs() < inFlight.sentMs + configuration.syncRequestTimeoutMs { return }
        let count = min(UInt64(configuration.syncBlocksPerRequest), peerHeight - committed)
        syncInFlight = (peer, clock.nowMs())
        counters.syncRequests += 1
        send(.blockRequest(fromHeight: committed + 1, countMax: UInt16(count)), to: peer)
    }

    /// Answers with committed blocks from `start`: at most `countMax` and
    /// `blocksPerMessageMax` of them within `encodedBytesMax`, at most once per
    /// `syncServeIntervalMs` per peer. `stale`: unasked (the peer sent a message for a
    /// height this node committed), so nothing to serve is not a drop of its own.
    func serveBlocks(from start: UInt64, countMax: Int, to peer: PublicKey, stale: Bool) {
        let committed = application.committedHeight
        guard start >= 1, start <= committed, countMax > 0 else {
            if !stale { drop(.nothingToServe) }
            return
        }
        let now = clock.nowMs()
        if let last = lastServedMs[peer], now < last + configuration.syncServeIntervalMs {
            if !stale { drop(.rateLimited) }
            return
        }
        guard lastServedMs[peer] != nil || lastServedMs.count < configuration.peersTrackedMax else {
            if !stale { drop(.tooManyPeers) }
            return
        }
        lastServedMs[peer] = now
        var answer: [CommittedBlock] = []
        var bytes = 64
        let last = min(committed, start + UInt64(min(countMax, ConsensusMessage.blocksPerMessageMax)) - 1)
        for blockHeight in start...last {
            guard let committedBlock = try? application.committedBlock(at: blockHeight) else { break }
            let size = committedBlock.canonicalBytes.count
            if !answer.isEmpty, bytes + size > ConsensusMessage.encodedBytesMax { break }
            bytes += size
            answer.append(committedBlock)
        }
        guard !answer.isEmpty else { return }
        counters.syncBlocksServed += UInt64(answer.count)
        send(.blocks(answer), to: peer)
    }

    /// Blocks from a peer: each must continue this node's chain, carry a commit certificate
    /// for exactly that block verified against the current validator set, and re-execute.
    func handleBlocks(_ committedBlocks: [CommittedBlock], from peer: PublicKey) {
        if syncInFlight?.peer == peer { syncInFlight = nil }
        guard !committedBlocks.isEmpty else { return drop(.unexpectedBlocks) }
        var committedAny = false
        for committedBlock in committedBlocks {
            let block = committedBlock.block
            let certificate = committedBlock.certificate
            let blockHeight = block.header.height
            let committed = application.committedHeight
            if blockHeight <= committed { continue }
            guard blockHeight == committed + 1 else {
                drop(.unexpectedBlocks)
                break
            }
            let target = certificate.target
            let set = application.validatorSet
            guard target.chainID == chainID, target.height == blockHeight, target.phase == .precommit,
                target.blockID == block.header.hash(suite: suite),
                (try? certificate.verify(against: set, suite: suite, requireQuorum: true)) != nil
            else {
                drop(.badCommittedBlock)
                break
            }
            do {
                try application.verifyBlock(block)
                try application.commit(block, certificate: certificate)
            } catch {
                drop(.badCommittedBlock)
                break
            }
            counters.commits += 1
            counters.syncBlocksCommitted += 1
            committedAny = true
            finishHeight(block, certificate: certificate)
        }
        if !committedAny, committedBlocks.allSatisfy({ $0.block.header.height <= application.committedHeight }) { drop(.duplicate) }
        requestBlocksIfBehind(from: peer)
    }
}
