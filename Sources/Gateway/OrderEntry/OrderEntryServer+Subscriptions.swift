import Crypto
import Foundation
import LodestoneWire
import Primitives

extension OrderEntryServer {
    /// Step 1 hands out a one-time nonce; step 2 proves the key signed
    /// `H_Lodestone/ReportSubscribe(chain_id ‖ challenge ‖ public_key)` and subscribes.
    func answerSubscribe(
        _ subscribe: Lodestone_V1_SubscribeReports, clientOrderID: String, connection: inout Connection, identity: [UInt8]
    ) -> Lodestone_V1_Response {
        let key: PublicKey
        do { key = try PublicKey(bytes: [UInt8](subscribe.publicKey)) } catch {
            return .reject(clientOrderID, Rejection(GatewayError(.badField, "\(error)")))
        }
        var response = Lodestone_V1_Response()
        response.clientOrderID = clientOrderID
        // Checked at both steps, so a client learns at step 1 that it would be refused.
        guard connection.subscribedKey != nil || subscribedCount < settings.maxSubscribedConnections else {
            counters.count(\.subscriptionsFull)
            return .reject(
                clientOrderID,
                Rejection(
                    GatewayError(
                        .subscriptionsFull, "\(subscribedCount) connections are subscribed, the most max_subscribed_connections allows")))
        }
        if subscribe.isChallengeRequest {
            let nonce = (0..<WireLimits.challengeBytes).map { _ in UInt8.random(in: .min ... .max) }
            connection.challenge = nonce
            var challenge = Lodestone_V1_Challenge()
            challenge.nonce = Data(nonce)
            response.result = .challenge(challenge)
            return response
        }
        guard let nonce = connection.challenge, nonce == [UInt8](subscribe.challenge) else {
            return .reject(clientOrderID, Rejection(GatewayError(.unknownChallenge, "ask for a challenge on this connection first")))
        }
        // Valid once, whatever the outcome.
        connection.challenge = nil
        let message = Self.subscribeMessage(chainID: config.chainID, challenge: nonce, key: key, suite: config.suite)
        guard let signature = try? Signature(bytes: [UInt8](subscribe.signature)),
            config.suite.verify(signature, of: message.bytes, by: key)
        else {
            return .reject(clientOrderID, Rejection(GatewayError(.badSubscriptionSignature, "not \(key)'s signature of the challenge")))
        }
        if let old = connection.subscribedKey { unsubscribe(identity, from: old) } else { subscribedCount += 1 }
        connection.subscribedKey = key
        subscribers[key, default: []].insert(identity)
        reports.subscribe(key)
        response.result = .ack(Lodestone_V1_Ack())
        return response
    }

    /// What a client signs to subscribe (docs/PROTOCOL.md §8.2).
    public static func subscribeMessage(chainID: Hash256, challenge: [UInt8], key: PublicKey, suite: any CryptoSuite) -> Hash256 {
        suite.hash(.reportSubscribe, chainID.bytes + challenge + key.bytes)
    }

    func unsubscribe(_ identity: [UInt8], from key: PublicKey) {
        subscribers[key]?.remove(identity)
        if subscribers[key]?.isEmpty == true { subscribers[key] = nil }
        reports.unsubscribe(key)
    }

    /// Tells a client its subscription to `key` ended. A full outbox keeps the notice for
    /// `retryNotices` (at most `noticesMax` wait; the oldest is given up, counted).
    func tellEnded(_ identity: [UInt8], key: PublicKey, lastSequence: UInt64, reason: GatewayError) {
        var ended = Lodestone_V1_SubscriptionEnded()
        ended.publicKey = Data(key.bytes)
        ended.reason = Rejection(reason).wire
        ended.lastSequence = lastSequence
        var message = Lodestone_V1_ServerMessage()
        message.kind = .subscriptionEnded(ended)
        guard let bytes = encoded(message) else { return }
        switch deliver(bytes, to: identity) {
        case .sent: return
        case .gone: counters.count(\.subscriptionNoticesLost)
        case .full:
            if pendingNotices.count >= Self.noticesMax {
                pendingNotices.removeFirst()
                counters.count(\.subscriptionNoticesLost)
            }
            pendingNotices.append((identity, bytes))
        }
    }

    /// Sends the notices that waited for room; those whose client left are given up.
    func retryNotices() {
        guard !pendingNotices.isEmpty else { return }
        pendingNotices = pendingNotices.filter { notice in
            switch deliver(notice.bytes, to: notice.identity) {
            case .sent: return false
            case .full: return true
            case .gone:
                counters.count(\.subscriptionNoticesLost)
                return false
            }
        }
    }

    /// Sends each queued report to every connection subscribed to its key, stamped with that
    /// connection's next sequence; reports lost to a full outbox advance the sequence, so the
    /// client sees the gap.
    func sendReports() {
        let (queued, lost) = reports.drain()
        for (key, count) in lost {
            for identity in subscribers[key] ?? [] { connections[identity]?.nextSequence += count }
        }
        for keyed in queued {
            guard let identities = subscribers[keyed.key], !identities.isEmpty else { continue }
            // Built here, on the gateway thread, once per report; each copy gets its sequence.
            let wire = keyed.wire
            for identity in identities {
                guard let sequence = connections[identity]?.nextSequence else { continue }
                connections[identity]?.nextSequence = sequence + 1
                var report = wire
                report.sequence = sequence
                var message = Lodestone_V1_ServerMessage()
                message.kind = .report(report)
                send(message, to: identity)
            }
        }
    }
}
