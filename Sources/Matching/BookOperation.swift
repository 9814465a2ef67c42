/// One operation on a book, as a value: what a journal, a block or the replay tool holds.
public enum BookOperation: Sendable, Hashable {
    /// `OrderBook.submit(_:into:)`.
    case submit(NewOrder)
    /// `OrderBook.cancel(_:into:)`.
    case cancel(OrderID)
    /// `OrderBook.replace(_:into:)`.
    case replace(ReplaceRequest)
    /// `OrderBook.massCancel(owner:into:)`.
    case massCancel(OwnerID)
    /// `OrderBook.advance(toHeight:into:)`.
    case advance(toHeight: UInt64)

    /// Applies the operation to `book`. A refusal is already reported to `sink` as a
    /// `rejected` event, so the thrown copy is not needed here and is dropped.
    @inlinable
    public func apply<Book: OrderBook, Sink: EventSink>(to book: inout Book, into sink: inout Sink) {
        switch self {
        case .submit(let order): try? book.submit(order, into: &sink)
        case .cancel(let id): try? book.cancel(id, into: &sink)
        case .replace(let request): try? book.replace(request, into: &sink)
        case .massCancel(let owner): book.massCancel(owner: owner, into: &sink)
        case .advance(let height): try? book.advance(toHeight: height, into: &sink)
        }
    }

    /// The size an order accepted by this operation starts with (0 when it makes none).
    public var orderSize: Int64 {
        switch self {
        case .submit(let order): order.size
        case .replace(let request): request.size
        case .cancel, .massCancel, .advance: 0
        }
    }
}
