import LodestoneWire
import Primitives

/// Why the order-entry gateway refused a request that was well formed on the wire: a stable
/// code in 7201–7299 (the gateway's share of the 7xxx block, after LodestoneWire's 71xx).
public struct GatewayError: CodedError, Equatable {
    /// What went wrong; the raw value is the stable code.
    public enum Kind: UInt16, Sendable, CaseIterable {
        /// The client sent faster than its token bucket allows.
        case rateLimited = 7201
        /// A batch repeats a `client_order_id`; the repeat is refused, the first is judged.
        case duplicateClientOrderID = 7202
        /// A request kind that cannot sit in a batch (mass cancel, subscribe, status).
        case notBatchable = 7203
        /// The node's queue (or the gateway's replies in flight) is full; retry later.
        case busy = 7204
        /// A subscription step 2 without a matching step-1 challenge on this connection.
        case unknownChallenge = 7205
        /// The subscription's signature is not the key's signature of the challenge.
        case badSubscriptionSignature = 7206
        /// The message was not one frame (after ZeroMQ's identity); answered up to
        /// `OrderEntryServer.framesAnswered` frames, past that dropped and counted.
        case wrongFrameCount = 7207
        /// The bytes of an ID, key or signature the ledger cannot read.
        case badField = 7208
        /// A gateway setting outside its bounds.
        case badSetting = 7209
        /// No answer from the gateway within the client's timeout.
        case noReply = 7210
        /// The gateway's answer could not be read, or answered another request.
        case badReply = 7211
        /// The client's socket failed (connect, send, poll).
        case socketFailed = 7212
        /// An order the builder cannot make (off-grid, too large, coin too small).
        case badOrder = 7213
        /// A subscription past `max_subscribed_connections`; retry later or unsubscribe another.
        case subscriptionsFull = 7214
        /// Why a subscription ended: the connection stopped reading (`cutoff_drops` in a row).
        case cutOff = 7215
        /// Why a subscription ended: the gateway is stopping.
        case gatewayStopping = 7216
        /// Client side: the gateway ended this connection's report subscription (its reason follows).
        case subscriptionEnded = 7217
        /// A coins query names an asset the chain does not list.
        case unknownAsset = 7230
        /// A coins query's cursor has no coin of the key after it (the walk is over).
        case pagePastEnd = 7231
        /// A balances query for a key with more committed coins (or assets) than one answer
        /// sums; page through them with a coins query.
        case tooManyCoins = 7232
        /// The node could not read its coin index (a storage failure, or the index is being rebuilt).
        case coinsUnavailable = 7233
        /// A burns query or a header submission on a chain whose genesis has no peg.
        case noPeg = 7234
        /// The node could not read its burn index (a storage failure).
        case burnsUnavailable = 7235
        /// A header submission to a gateway with nowhere to send headers (a node's gateway
        /// always has: a validator queues them, a follower forwards them to the validators).
        case headersNotAccepted = 7236
        /// The node's header hand-off is full: some headers of the submission may be queued;
        /// send it again later (repeats are dropped).
        case headersBusy = 7237
        /// A submitted header that does not decode, has another version, or whose hash does not
        /// meet its own target or the main chain's proof-of-work limit.
        case badMainChainHeader = 7238

        /// Stable snake_case name.
        public var name: String {
            switch self {
            case .rateLimited: "rate_limited"
            case .duplicateClientOrderID: "duplicate_client_order_id"
            case .notBatchable: "not_batchable"
            case .busy: "gateway_busy"
            case .unknownChallenge: "unknown_challenge"
            case .badSubscriptionSignature: "bad_subscription_signature"
            case .wrongFrameCount: "wrong_frame_count"
            case .badField: "bad_field"
            case .badSetting: "bad_gateway_setting"
            case .noReply: "gateway_no_reply"
            case .badReply: "gateway_bad_reply"
            case .socketFailed: "gateway_socket_failed"
            case .badOrder: "bad_order"
            case .subscriptionsFull: "subscriptions_full"
            case .cutOff: "cut_off"
            case .gatewayStopping: "gateway_stopping"
            case .subscriptionEnded: "subscription_ended"
            case .unknownAsset: "unknown_asset"
            case .pagePastEnd: "page_past_end"
            case .tooManyCoins: "too_many_coins"
            case .coinsUnavailable: "coins_unavailable"
            case .noPeg: "no_peg"
            case .burnsUnavailable: "burns_unavailable"
            case .headersNotAccepted: "headers_not_accepted"
            case .headersBusy: "headers_busy"
            case .badMainChainHeader: "bad_main_chain_header"
            }
        }
    }

    /// What went wrong.
    public let kind: Kind
    /// What was wrong, with the offending values, for a person.
    public let message: String

    /// An error of `kind`, described by `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Stable numeric code (7201–7299).
    public var code: UInt16 { kind.rawValue }
    /// Stable snake_case name.
    public var name: String { kind.name }
    /// `name (code): message`, as every Lodestone error prints.
    public var description: String { "\(name) (\(code)): \(message)" }
}
