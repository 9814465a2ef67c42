/// What the gateway refused or lost, counted so overload is never silent; read from any
/// thread (logs, status, tests).
public typealias GatewayCounters = SharedCounters<GatewayCounts>

/// The gateway's counts at one moment.
public struct GatewayCounts: Sendable, Equatable, Codable {
    /// Requests refused for the sender's rate.
    public var rateLimited = 0
    /// Messages to clients dropped because their outbox (send high-water mark) was full.
    public var droppedMessages = 0
    /// Messages that waited in a client's backlog because its outbox was full (then sent, or
    /// lost with the client).
    public var backloggedMessages = 0
    /// Clients cut off after too many drops in a row.
    public var cutOffClients = 0
    /// Requests refused because the node's queue was full.
    public var busy = 0
    /// Messages that could not be read at all (too large, too many frames).
    public var unreadable = 0
    /// Subscriptions refused because `max_subscribed_connections` were subscribed.
    public var subscriptionsFull = 0
    /// Subscriptions the gateway ended (cut off, stopping); each is told with
    /// `SubscriptionEnded`, best effort.
    public var subscriptionsEnded = 0
    /// `SubscriptionEnded` notices given up: the client left, or too many were waiting.
    public var subscriptionNoticesLost = 0
    /// Clients forgotten because their connection was gone when the gateway sent to them.
    public var departedClients = 0
    /// Coins pages answered (refusals for bad input not counted).
    public var coinsQueries = 0
    /// Balances answered.
    public var balancesQueries = 0
    /// Coins or balances queries refused because the coin index could not be read.
    public var coinsUnavailable = 0
    /// Burns pages answered.
    public var burnsQueries = 0
    /// Burns queries refused because the burn index could not be read.
    public var burnsUnavailable = 0
    /// Main-chain header submissions queued whole.
    public var headerSubmissions = 0
    /// Header submissions the node's full hand-off refused (in part).
    public var headersBusy = 0

    /// Every count at 0.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case rateLimited = "rate_limited"
        case droppedMessages = "dropped_messages"
        case backloggedMessages = "backlogged_messages"
        case cutOffClients = "cut_off_clients"
        case busy
        case unreadable
        case subscriptionsFull = "subscriptions_full"
        case subscriptionsEnded = "subscriptions_ended"
        case subscriptionNoticesLost = "subscription_notices_lost"
        case departedClients = "departed_clients"
        case coinsQueries = "coins_queries"
        case balancesQueries = "balances_queries"
        case coinsUnavailable = "coins_unavailable"
        case burnsQueries = "burns_queries"
        case burnsUnavailable = "burns_unavailable"
        case headerSubmissions = "header_submissions"
        case headersBusy = "headers_busy"
    }
}
