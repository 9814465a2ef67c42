/// What a mempool limit counts. Here rather than in the Pool module because `ChainError`,
/// the codes every layer reports, names it (`mempool_full`, `mempool_limits_invalid`).
public enum MempoolResource: String, Sendable, Equatable {
    case transactions, bytes, cancels
}
