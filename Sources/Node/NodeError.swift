import Chain
import Crypto
import Gateway
import Markets
import Primitives
import Storage
import ZeroMQ

/// Why the node could not start, stopped, or refused a request on its intake (codes 9xxx).
/// Every message names the file, field, path or endpoint at fault.
public enum NodeError: CodedError, Equatable {
    /// A configuration, genesis or key file could not be read at all.
    case configUnreadable(path: String, reason: String)
    /// A configuration or genesis file was read but a field is missing or wrong.
    case configInvalid(path: String, field: String, reason: String)
    /// A key file is not a lodestone key file.
    case keyFileInvalid(path: String, reason: String)
    /// A devnet folder cannot be created or reset at `path`.
    case devnetRefused(path: String, reason: String)
    /// A market file for a new genesis failed to load.
    case markets(MarketFileError)
    /// The node's key is not one of the genesis validators, so it may not propose blocks.
    case notAValidator(publicKey: String)
    /// The data folder failed: unwritable, full, locked or damaged (the storage error's text).
    case storage(StorageError)
    /// The chain refused to open or to build a block.
    case chain(ChainError)
    /// The data folder does not hold what the node folder's chain record says it must
    /// (database gone, emptied, behind, of another chain): the node refuses to open it
    /// rather than start over or at an earlier height (docs/OPERATIONS.md, storage faults).
    case dataFolderRefused(path: String, found: String, expected: String)
    /// The chain record file exists but cannot be read or is not a chain record.
    case chainRecordInvalid(path: String, reason: String)
    /// `lodestone verify` found a fault at `height` (0: the stored state or the records).
    case verifyFailed(height: UInt64, reason: String)
    /// The intake socket failed (bind, poll, send).
    case intake(ZMQError)
    /// The market-data feeds could not start (their 73xx error).
    case feeds(FeedError)
    /// The intake queue is full; the request was not taken, send it again later.
    case intakeBusy(capacity: Int)
    /// An intake message is not `[type][payload]` as docs/OPERATIONS.md describes.
    case intakeMalformed(reason: String)
    /// An intake message has a type byte the node does not know.
    case intakeUnknownType(UInt8)
    /// No reply from the intake at `endpoint` within `timeoutMs`: the node is down or busy.
    case intakeNoReply(endpoint: String, timeoutMs: Int)
    /// The intake replied with something that is not a reply to the request.
    case intakeBadReply(reason: String)
    /// The raw intake refused a request over a rate: the client's own (`intake_rate_per_second`,
    /// `intake_burst`) or the intake's total (`intake_total_rate_per_second`); retry later.
    case intakeRateLimited(reason: String)
    /// The order-entry gateway could not start (bad setting, endpoint in use).
    case gateway(GatewayError)
    /// Consensus could not go on (its 10xxx error's name and text): a block this node cannot
    /// finalize alone, a safety record it cannot write, a network it cannot bind.
    case consensus(reason: String)

    /// Stable 9xxx code, one per case.
    public var code: UInt16 {
        switch self {
        case .configUnreadable: 9001
        case .configInvalid: 9002
        case .keyFileInvalid: 9003
        case .devnetRefused: 9004
        case .notAValidator: 9005
        case .markets: 9006
        case .storage: 9101
        case .chain: 9102
        case .dataFolderRefused: 9103
        case .chainRecordInvalid: 9104
        case .verifyFailed: 9105
        case .intake: 9201
        case .intakeBusy: 9202
        case .intakeMalformed: 9203
        case .intakeUnknownType: 9204
        case .intakeNoReply: 9205
        case .intakeBadReply: 9206
        case .intakeRateLimited: 9207
        case .feeds: 9301
        case .gateway: 9302
        case .consensus: 9401
        }
    }

    /// Stable snake_case name, one per case.
    public var name: String {
        switch self {
        case .configUnreadable: "config_unreadable"
        case .configInvalid: "config_invalid"
        case .keyFileInvalid: "key_file_invalid"
        case .devnetRefused: "devnet_refused"
        case .notAValidator: "not_a_validator"
        case .markets: "markets_invalid"
        case .storage: "storage_failed"
        case .chain: "chain_failed"
        case .dataFolderRefused: "data_folder_refused"
        case .chainRecordInvalid: "chain_record_invalid"
        case .verifyFailed: "verify_failed"
        case .intake: "intake_failed"
        case .intakeBusy: "intake_busy"
        case .intakeMalformed: "intake_malformed"
        case .intakeUnknownType: "intake_unknown_type"
        case .intakeNoReply: "intake_no_reply"
        case .intakeBadReply: "intake_bad_reply"
        case .intakeRateLimited: "intake_rate_limited"
        case .feeds: "feeds_failed"
        case .gateway: "gateway_failed"
        case .consensus: "consensus_failed"
        }
    }

    /// What happened, with the path, field or endpoint.
    public var message: String {
        switch self {
        case let .configUnreadable(path, reason): "\(path): \(reason)"
        case let .configInvalid(path, field, reason): "\(path): field '\(field)': \(reason)"
        case let .keyFileInvalid(path, reason): "\(path): \(reason)"
        case let .devnetRefused(path, reason): "devnet folder \(path): \(reason)"
        case let .markets(error): "markets: \(error.description)"
        case let .notAValidator(key): "key \(key) is not a genesis validator; it cannot propose blocks"
        case let .storage(error): "data folder: \(error.description)"
        case let .chain(error): "chain: \(error.description)"
        case let .dataFolderRefused(path, found, expected):
            "data folder \(path): found \(found); expected \(expected); refusing to open it (docs/OPERATIONS.md, storage faults)"
        case let .chainRecordInvalid(path, reason): "chain record \(path): \(reason)"
        case let .verifyFailed(height, reason): height == 0 ? "verify: \(reason)" : "verify: block \(height): \(reason)"
        case let .intake(error): "intake: \(error.description)"
        case let .intakeBusy(capacity): "intake queue is full (\(capacity) requests waiting); retry later"
        case let .intakeMalformed(reason): "malformed intake message: \(reason)"
        case let .intakeUnknownType(type): "unknown intake message type \(type); expected 1 (transaction), 2 (cancel) or 3 (status)"
        case let .intakeNoReply(endpoint, timeoutMs): "no reply from \(endpoint) within \(timeoutMs) ms"
        case let .intakeBadReply(reason): "unexpected intake reply: \(reason)"
        case let .intakeRateLimited(reason): "intake rate limit: \(reason); retry later"
        case let .feeds(error): "feeds: \(error.description)"
        case let .gateway(error): "gateway: \(error.description)"
        case let .consensus(reason): "consensus: \(reason)"
        }
    }

    /// Throws `notAValidator` unless `key` may propose blocks of the chain.
    static func requireValidator(_ key: PublicKey, of config: ChainConfig) throws(NodeError) {
        guard config.genesis.validators.contains(key) else { throw .notAValidator(publicKey: key.description) }
    }

    /// A chain error, with storage failures surfaced as such so their text reaches the operator.
    static func from(_ error: ChainError) -> NodeError {
        if case let .storage(storage) = error { return .storage(storage) }
        return .chain(error)
    }
}
