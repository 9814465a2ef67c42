/// The flow of every operation, written once for both books. Checks run first, in a fixed
/// order, and change nothing; only then does the book change.
extension BookStorage {
    /// Reports `rejected` for `id` and throws the same error, so callers that read only the
    /// event stream and callers that catch see the same refusal. (Not a closure-taking
    /// wrapper: capturing `self` in a closure here copied the whole book on the hot path.)
    @inlinable
    func refuse<Sink: EventSink>(_ id: OrderID?, _ error: MatchingError, into sink: inout Sink) throws(MatchingError) -> Never {
        sink.receive(.rejected(id, error))
        throw error
    }

    @inlinable
    mutating func performSubmit<Sink: EventSink>(_ order: NewOrder, into sink: inout Sink) throws(MatchingError) {
        do { try admit(order) } catch { try refuse(order.id, error, into: &sink) }
        enter(Taker(order), into: &sink)
    }

    @inlinable
    mutating func performCancel<Sink: EventSink>(_ id: OrderID, into sink: inout Sink) throws(MatchingError) {
        guard self.order(id) != nil else { try refuse(id, .unknownOrderID(id), into: &sink) }
        cancelResting(id, reason: .user, into: &sink)
    }

    @inlinable
    mutating func performReplace<Sink: EventSink>(_ request: ReplaceRequest, into sink: inout Sink) throws(MatchingError) {
        let old: RestingOrder
        do { old = try admit(request) } catch { try refuse(request.id, error, into: &sink) }
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

    @inlinable
    mutating func performMassCancel<Sink: EventSink>(owner: OwnerID, into sink: inout Sink) {
        for id in orders(of: owner) {
            cancelResting(id, reason: .mass, into: &sink)
        }
    }

    @inlinable
    mutating func performAdvance<Sink: EventSink>(toHeight newHeight: UInt64, into sink: inout Sink) throws(MatchingError) {
        guard newHeight >= height else { try refuse(nil, .heightRegressed(height: newHeight, current: height), into: &sink) }
        setHeight(newHeight)
        while let id = nextExpired(before: newHeight) {
            cancelResting(id, reason: .expired, into: &sink)
        }
    }

    /// Accepts an admitted order, matches it, and rests or cancels what is left.
    @inlinable
    mutating func enter<Sink: EventSink>(_ order: Taker, into sink: inout Sink) {
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
