/// The flow of every operation, written once for both books. Checks run first, in a fixed
/// order, and change nothing; only then does the book change.
extension BookStorage {
    /// Runs `check`; on failure reports `rejected` for `id` and rethrows, so callers that
    /// read only the event stream and callers that catch see the same refusal.
    func refusing<Sink: EventSink, Value>(
        _ id: OrderID?, into sink: inout Sink, _ check: () throws(MatchingError) -> Value
    ) throws(MatchingError) -> Value {
        do {
            return try check()
        } catch {
            sink.receive(.rejected(id, error))
            throw error
        }
    }

    mutating func performSubmit<Sink: EventSink>(_ order: NewOrder, into sink: inout Sink) throws(MatchingError) {
        try refusing(order.id, into: &sink) { () throws(MatchingError) in try admit(order) }
        enter(Taker(order), into: &sink)
    }

    mutating func performCancel<Sink: EventSink>(_ id: OrderID, into sink: inout Sink) throws(MatchingError) {
        try refusing(id, into: &sink) { () throws(MatchingError) in
            guard self.order(id) != nil else { throw .unknownOrderID(id) }
        }
        cancelResting(id, reason: .user, into: &sink)
    }

    mutating func performReplace<Sink: EventSink>(_ request: ReplaceRequest, into sink: inout Sink) throws(MatchingError) {
        let old = try refusing(request.id, into: &sink) { () throws(MatchingError) in try admit(request) }
        guard keepsPlace(old, request) else {
            cancelResting(old.id, reason: .replaced, into: &sink)
            let order = NewOrder(
                id: request.newID, owner: old.owner, side: old.side, price: request.price, size: request.size,
                timeInForce: .goodTillCancel, expiry: old.expiry)
            enter(Taker(order), into: &sink)
            return
        }
        sink.receive(.cancelled(old.id, .replaced, size: old.size))
        markAccepted(request.newID)
        sink.receive(.accepted(request.newID))
        rename(old.id, to: request.newID, size: request.size, into: &sink)
    }

    mutating func performMassCancel<Sink: EventSink>(owner: OwnerID, into sink: inout Sink) {
        for id in orders(of: owner) {
            cancelResting(id, reason: .mass, into: &sink)
        }
    }

    mutating func performAdvance<Sink: EventSink>(toHeight newHeight: UInt64, into sink: inout Sink) throws(MatchingError) {
        try refusing(nil, into: &sink) { () throws(MatchingError) in
            guard newHeight >= height else { throw .heightRegressed(height: newHeight, current: height) }
        }
        setHeight(newHeight)
        while let id = nextExpired(before: newHeight) {
            cancelResting(id, reason: .expired, into: &sink)
        }
    }

    /// Accepts an admitted order, matches it, and rests or cancels what is left.
    private mutating func enter<Sink: EventSink>(_ order: Taker, into sink: inout Sink) {
        var taker = order
        markAccepted(taker.id)
        sink.receive(.accepted(taker.id))
        let end = sweep(&taker, into: &sink)
        guard taker.remaining > 0 else { return }
        assert(taker.timeInForce != .fillOrKill, "admission guarantees a fill-or-kill order fills")
        if end == .stoppedBySelfTrade {
            sink.receive(.cancelled(taker.id, .stp, size: taker.remaining))
        } else if taker.timeInForce.rests {
            rest(taker.resting, into: &sink)
        } else {
            sink.receive(.cancelled(taker.id, .ioc, size: taker.remaining))
        }
    }
}
