extension NodeStatus {
    /// A few lines for a person: chain, tip, mempool, and each book's depth and best prices.
    public var summary: String {
        var lines = [
            "chain \(chainName) (\(chainID))",
            "height \(height)  tip \(tipHash)" + (tipTimestampMs.map { "  time \($0) ms" } ?? "  (genesis)"),
            mempool.map { "mempool \($0.transactions) transactions, \($0.cancels) cancels, \($0.bytes) bytes" }
                ?? "mempool unknown (node not running)",
        ]
        for book in books {
            let bid = book.bestBid.map { " best \($0)" } ?? ""
            let ask = book.bestAsk.map { " best \($0)" } ?? ""
            lines.append("  \(book.symbol)  bids \(book.bids)\(bid)  asks \(book.asks)\(ask)")
        }
        if let traffic { lines.append(traffic.summary) }
        return lines.joined(separator: "\n")
    }
}

extension NodeStatus.Traffic {
    /// One line: the queue, then the gateway's, the feeds' and the raw intake's refusals and losses.
    public var summary: String {
        let gatewayText = gateway.map {
            "gateway busy \($0.busy) rate_limited \($0.rateLimited) dropped \($0.droppedMessages) cut_off \($0.cutOffClients) unreadable \($0.unreadable)"
        } ?? "no gateway"
        let intakeText = "intake rate_limited \(intake.rateLimited) total_rate_limited \(intake.totalRateLimited) busy \(intake.busy)"
            + " unreadable \(intake.unreadable) malformed \(intake.malformed) replies_dropped \(intake.repliesDropped)"
        let feedsText = "feeds published \(feeds.messagesPublished) blocks_dropped \(feeds.blocksDropped)"
        let guardText = (guards ?? [:]).sorted { $0.key < $1.key }.map { name, counters in
            "\(name) open \(counters.connectionsOpen) refused \(counters.connectionsRefused) cut_off \(counters.violations)"
        }
        let guardsLine = guardText.isEmpty ? "" : "\n  guards: " + guardText.joined(separator: ", ")
        return "queued \(queued)  \(gatewayText)  \(feedsText)  \(intakeText)" + guardsLine
    }
}
