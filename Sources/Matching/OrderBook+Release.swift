/// Reusing order IDs. A book refuses an ID it has ever accepted (duplicate detection); an
/// owner of a long-lived book, such as the chain, interns external IDs to dense ones and
/// must be able to hand a finished order's ID out again. `release` makes the book forget
/// an ID that is no longer resting; releasing a resting or unknown ID does nothing.
extension FastBook {
    public mutating func release(_ id: OrderID) {
        guard Int(id.rawValue) < idTable.count, idTable[Int(id.rawValue)] == Self.noLongerResting else { return }
        idTable[Int(id.rawValue)] = Self.neverAccepted
    }
}

extension ReferenceBook {
    public mutating func release(_ id: OrderID) {
        guard order(id) == nil else { return }
        acceptedIDs.remove(id)
    }
}
