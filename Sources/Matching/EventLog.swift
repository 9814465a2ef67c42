/// A sink that keeps every event in order, for tests, tools and journaling.
public struct EventLog: EventSink, Sendable {
    /// The events received so far, oldest first.
    public private(set) var events: [BookEvent] = []

    /// An empty log.
    public init() {}

    public mutating func receive(_ event: BookEvent) { events.append(event) }

    /// Returns the events received so far and empties the log.
    public mutating func drain() -> [BookEvent] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }
}
