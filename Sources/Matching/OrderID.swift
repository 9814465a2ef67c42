/// A dense order identifier assigned at the edge (gateway, replay tool): external IDs such as
/// strings or output hashes are interned to small integers once, so the books can index
/// tables by ID instead of hashing in the hot loop.
public struct OrderID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The dense integer; must be below the book's `BookCapacity.maxOrderIDs`.
    public let rawValue: UInt32

    /// Wraps a dense integer ID.
    @inlinable
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Wraps a dense integer ID.
    @inlinable
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public static func < (lhs: OrderID, rhs: OrderID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "#\(rawValue)" }
}

/// A dense owner identifier (an account or seller program interned at the edge); orders with
/// the same owner never trade with each other (self-trade prevention).
public struct OwnerID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The dense integer.
    public let rawValue: UInt32

    /// Wraps a dense integer owner.
    @inlinable
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Wraps a dense integer owner.
    @inlinable
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public static func < (lhs: OwnerID, rhs: OwnerID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "owner \(rawValue)" }
}
