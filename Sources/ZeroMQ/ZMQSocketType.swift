/// The ZeroMQ socket patterns the wrapper supports.
public enum ZMQSocketType: Sendable, CaseIterable, CustomStringConvertible {
    /// Publishes to every subscriber whose prefix matches; never blocks, drops at the HWM.
    case pub
    /// Receives what matching publishers send; see `subscribe(_:)`.
    case sub
    /// Receives messages prefixed with the sender's routing id, and routes replies by it.
    case router
    /// Sends round-robin and receives fair-queued; pairs with ROUTER.
    case dealer
    /// Sends round-robin to PULL peers.
    case push
    /// Receives fair-queued from PUSH peers.
    case pull
    /// PUB that also reads its subscribers' (un)subscriptions; see `ZMQOption.xpubManual`.
    case xpub
    /// Sends a request and must receive its reply before the next; pairs with REP or ROUTER.
    case req
    /// Receives a request and must send its reply before the next; pairs with REQ or DEALER.
    case rep

    /// The ZeroMQ name, e.g. "ROUTER".
    public var description: String {
        switch self {
        case .pub: "PUB"
        case .sub: "SUB"
        case .router: "ROUTER"
        case .dealer: "DEALER"
        case .push: "PUSH"
        case .pull: "PULL"
        case .xpub: "XPUB"
        case .req: "REQ"
        case .rep: "REP"
        }
    }
}
