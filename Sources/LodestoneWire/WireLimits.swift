/// Upper bounds on everything the wire layer accepts or produces, so no message can ask for
/// unbounded memory or work. A value past a bound is rejected with a `WireError`, never
/// clamped. docs/PROTOCOL.md §8 publishes these numbers for clients.
public enum WireLimits {
    // MARK: Order entry

    /// Largest `Request`, in bytes: one transaction of the ledger's maximum size plus the
    /// envelope, or a whole batch.
    public static let maxRequestBytes = 8 << 20
    /// Largest `ServerMessage`, in bytes: a `BatchResult` of 1024 rejects with the longest
    /// names and texts fits.
    public static let maxServerMessageBytes = 2 << 20
    /// Largest transaction in a `Place` or `Replace`, in bytes (the ledger's own limit,
    /// `transaction_too_large` 3006).
    public static let maxTransactionBytes = 4 << 20
    /// Most requests in one `Batch`.
    public static let maxBatchRequests = 256
    /// Most cancels in one `MassCancel`.
    public static let maxMassCancels = 1_024
    /// Most order IDs in one `Ack` or `Accepted`: a transaction places at most 64 orders
    /// (docs/CHAIN.md entry rules).
    public static let maxOrdersPerTransaction = 64
    /// Most `Payout`s in one `Ack.change` or one report's `payouts`: an Ack names the first 32
    /// non-order outputs (so a 256-request batch result stays far below the message limit);
    /// a report names at most 3 (proceeds, refund, returned funds).
    public static let maxChangeOutputs = 32
    /// Longest `client_order_id`, in bytes (printable ASCII, so also characters).
    public static let maxClientOrderIDBytes = 64
    /// Longest public key, in bytes (the ledger's `public_key` field limit).
    public static let maxPublicKeyBytes = 65
    /// Longest signature, in bytes (the ledger's `signature` field limit).
    public static let maxSignatureBytes = 72
    /// Size of a `SubscribeReports` challenge nonce, in bytes.
    public static let challengeBytes = 32
    /// Most coins in one `Coins` page (`CoinsQuery.limit`).
    public static let coinsPageMax = 500
    /// Size of a coins page cursor (`CoinsQuery.after`, `Coins.next_after`): asset ‖ output ID.
    public static let coinsCursorBytes = 64
    /// Most burns in one `Burns` page (`BurnsQuery.limit`).
    public static let burnsPageMax = 500
    /// Longest `Burn.main_chain_program`, in bytes (the ledger's `maxMainChainAddressBytes`).
    public static let maxMainChainProgramBytes = 128
    /// Most headers in one `SubmitMainChainHeaders` (a block's `maxMainChainHeaders`).
    public static let submittedHeadersMax = 512
    /// Size of a canonical main-chain header, in bytes (docs/PROTOCOL.md §5f).
    public static let mainChainHeaderBytes = 93
    /// Most assets in one `Balances`: a chain lists at most this many assets in its genesis.
    public static let maxBalanceAssets = 1_024
    /// Longest `Reject.name`, in bytes.
    public static let maxRejectNameBytes = 64
    /// Longest `Reject.text`, in bytes.
    public static let maxRejectTextBytes = 1_024

    // MARK: Market data

    /// Largest feed body (`L2Update`, `L3Update`, `Trade`, `BlockSummary`, `Heartbeat`), in bytes.
    public static let maxFeedBodyBytes = 8 << 20
    /// Most levels per side in one `L2Update`, and most changes in one `L3Update`; a block
    /// with more is published as several updates of the same height.
    public static let maxUpdateEntries = 65_536
    /// Largest `SnapshotRequest`, in bytes.
    public static let maxSnapshotRequestBytes = 256
    /// Largest `SnapshotResponse` part, in bytes.
    public static let maxSnapshotBytes = 16 << 20
    /// Most levels per side, or orders, in one snapshot part; a larger book comes in parts.
    public static let maxSnapshotEntries = 100_000
    /// Longest market symbol, in bytes (Markets' `symbolMaxChars`, `BASE-QUOTE`).
    public static let maxMarketBytes = 16
    /// Longest asset symbol inside a market symbol, in bytes (Markets' `assetMaxChars`).
    public static let maxAssetBytes = 12
    /// Longest topic, in bytes: `heartbeat.trades.` plus the longest market fits.
    public static let maxTopicBytes = 64

    // MARK: Everywhere

    /// Size of every ID (order, transaction, block hash), in bytes.
    public static let idBytes = 32
    /// Size of the sequence frame of a feed message, in bytes (uint64 little-endian).
    public static let sequenceBytes = 8
    /// Frames in a feed message: topic, body, sequence.
    public static let feedFrameCount = 3
    /// Deepest nesting of protobuf messages the decoder follows (a batched cancel is 4 deep),
    /// so hostile input cannot recurse deeply.
    public static let maxMessageDepth = 8
}
