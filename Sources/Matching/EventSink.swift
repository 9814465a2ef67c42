/// Where a book delivers its events. Books are generic over the sink, so a cheap sink (such
/// as `EventCounter`) specializes the hot path without any existential call.
public protocol EventSink {
    /// Takes one event; called in the order the events happen.
    mutating func receive(_ event: BookEvent)
}
