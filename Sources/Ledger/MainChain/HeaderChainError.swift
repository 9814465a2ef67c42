import Primitives

/// Why a main-chain header was refused (codes 3101–3199). The same rules run on the main
/// chain's nodes and in the sidechain's state, so both refuse a header with the same code.
public enum HeaderChainError: CodedError, Equatable {
    case unsupportedVersion(UInt8)
    case unknownParent(Hash256)
    case wrongHeight(expected: UInt64, got: UInt64)
    case duplicate(Hash256)
    case badRetarget(expectedBits: UInt32, gotBits: UInt32)
    case insufficientWork(hash: Hash256)
    case timestampTooEarly(medianTimePastMs: UInt64, gotMs: UInt64)
    case forkTooDeep(forkHeight: UInt64, bestHeight: UInt64, depthMax: UInt64)
    case full(limit: Int)

    public var code: UInt16 {
        switch self {
        case .unsupportedVersion: 3101
        case .unknownParent: 3102
        case .wrongHeight: 3103
        case .duplicate: 3104
        case .badRetarget: 3105
        case .insufficientWork: 3106
        case .timestampTooEarly: 3107
        case .forkTooDeep: 3108
        case .full: 3109
        }
    }

    public var name: String {
        switch self {
        case .unsupportedVersion: "header_unsupported_version"
        case .unknownParent: "header_unknown_parent"
        case .wrongHeight: "header_wrong_height"
        case .duplicate: "header_duplicate"
        case .badRetarget: "header_bad_retarget"
        case .insufficientWork: "header_insufficient_work"
        case .timestampTooEarly: "header_timestamp_too_early"
        case .forkTooDeep: "header_fork_too_deep"
        case .full: "header_chain_full"
        }
    }

    public var message: String {
        switch self {
        case .unsupportedVersion(let version): "main-chain header version \(version) is not supported"
        case .unknownParent(let hash): "the parent \(hash) is not a known header: send the headers in order"
        case .wrongHeight(let expected, let got): "height \(got), but the parent makes it \(expected)"
        case .duplicate(let hash): "header \(hash) is already known"
        case .badRetarget(let expected, let got):
            "target bits \(String(got, radix: 16)), but the retarget rule gives \(String(expected, radix: 16))"
        case .insufficientWork(let hash): "hash \(hash) exceeds the header's target"
        case .timestampTooEarly(let median, let got): "timestamp \(got) ms is not after the median time past \(median) ms"
        case .forkTooDeep(let fork, let best, let depth): "a branch from height \(fork) is more than \(depth) below the best height \(best)"
        case .full(let limit): "the header chain holds its limit of \(limit) headers"
        }
    }
}
