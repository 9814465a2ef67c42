import Crypto
import Ledger
import Primitives

/// A request to a main-chain node's RPC (a ROUTER socket; one frame after the routing
/// envelope). Wire form, canonical binary (docs/MAINCHAIN.md has a vector):
/// `u64 request_id ‖ u8 kind ‖ body`, with these kinds and bodies:
///
/// | kind | request | body |
/// |------|---------|------|
/// | 1 | submit_transaction | varint length ‖ transaction canonical bytes |
/// | 2 | block_by_height | u64 height |
/// | 3 | block_by_hash | 32-byte hash |
/// | 4 | output | 32-byte output ID |
/// | 5 | best | (empty) |
/// | 6 | header_range | u64 from_height ‖ u32 count_max (≤ `headerRangeCountMax`) |
/// | 7 | outputs_held_by | varint length ‖ holder program bytes (≤ `HolderIndex.holderBytesMax`) ‖ u8 has_after ‖ [32-byte output ID] ‖ u16 limit (1...`MainChainOutputPage.limitMax`) |
public struct MainChainRequest: Hashable, Sendable, CanonicalCodable {
    /// Most bytes a request may have: a transaction as large as a block can carry, and its framing.
    public static let bytesMax = MainChainBlock.bytesMax + 64
    /// Most headers one header_range answers.
    public static let headerRangeCountMax: UInt32 = 2_000

    public enum Kind: UInt8, Sendable, CaseIterable {
        case submitTransaction = 1
        case blockByHeight, blockByHash, output, best, headerRange, outputsHeldBy
    }

    public enum Body: Hashable, Sendable {
        /// A transaction's canonical bytes (the node decodes them, so a bad one gets a ledger code).
        case submitTransaction([UInt8])
        case blockByHeight(UInt64)
        case blockByHash(Hash256)
        case output(Hash256)
        case best
        case headerRange(fromHeight: UInt64, countMax: UInt32)
        /// A page of the unspent outputs `program` holds (`HolderIndex`), IDs above `after`.
        case outputsHeldBy(program: ControlProgram, after: Hash256?, limit: UInt16)

        public var kind: Kind {
            switch self {
            case .submitTransaction: .submitTransaction
            case .blockByHeight: .blockByHeight
            case .blockByHash: .blockByHash
            case .output: .output
            case .best: .best
            case .headerRange: .headerRange
            case .outputsHeldBy: .outputsHeldBy
            }
        }
    }

    /// Chosen by the client; the response carries it back.
    public let requestID: UInt64
    public let body: Body

    public init(requestID: UInt64, body: Body) {
        self.requestID = requestID
        self.body = body
    }

    /// A submit_transaction request for `transaction`.
    public static func submit(_ transaction: Transaction, requestID: UInt64) -> MainChainRequest {
        MainChainRequest(requestID: requestID, body: .submitTransaction(transaction.canonicalBytes))
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(requestID)
        writer.write(body.kind.rawValue)
        switch body {
        case .submitTransaction(let bytes): writer.writeBytes(bytes)
        case .blockByHeight(let height): writer.write(height)
        case .blockByHash(let hash): writer.write(hash)
        case .output(let id): writer.write(id)
        case .best: break
        case .headerRange(let from, let count):
            writer.write(from)
            writer.write(count)
        case .outputsHeldBy(let program, let after, let limit):
            writer.writeBytes(program.canonicalBytes)
            writer.write(after != nil)
            if let after { writer.write(after) }
            writer.write(limit)
        }
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let requestID = try reader.readUInt64()
        let kind = try reader.readUInt8()
        let body: Body
        switch Kind(rawValue: kind) {
        case .submitTransaction:
            body = .submitTransaction(try reader.readBytes(field: "request.transaction", limit: MainChainBlock.bytesMax))
        case .blockByHeight: body = .blockByHeight(try reader.readUInt64())
        case .blockByHash: body = .blockByHash(try reader.readHash())
        case .output: body = .output(try reader.readHash())
        case .best: body = .best
        case .headerRange: body = .headerRange(fromHeight: try reader.readUInt64(), countMax: try reader.readUInt32())
        case .outputsHeldBy:
            let program = try ControlProgram(
                canonicalBytes: try reader.readBytes(field: "request.holder", limit: HolderIndex.holderBytesMax))
            let after = try reader.readBool(field: "request.has_after") ? try reader.readHash() : nil
            body = .outputsHeldBy(program: program, after: after, limit: try reader.readUInt16())
        case nil: throw .unknownTag(field: "request.kind", tag: UInt64(kind))
        }
        self.init(requestID: requestID, body: body)
    }

    /// Decodes a request frame from a peer: an oversize frame, an unknown kind or bad bytes
    /// is a typed error, never a trap. When the request ID could be read it is returned with
    /// the error, so the error response can carry it (0 otherwise).
    public static func decode(_ bytes: [UInt8]) -> Result<MainChainRequest, RequestDecodeFailure> {
        var idReader = ByteReader(bytes)
        let requestID = (try? idReader.readUInt64()) ?? 0
        guard bytes.count <= bytesMax else {
            return .failure(RequestDecodeFailure(requestID: requestID, error: .requestTooLarge(bytes: bytes.count, limit: bytesMax)))
        }
        if bytes.count > 8, Kind(rawValue: bytes[8]) == nil {
            return .failure(RequestDecodeFailure(requestID: requestID, error: .requestUnknownKind(bytes[8])))
        }
        do { return .success(try MainChainRequest(canonicalBytes: bytes)) } catch {
            return .failure(RequestDecodeFailure(requestID: requestID, error: .requestMalformed(reason: error.description)))
        }
    }
}

/// A request that did not decode: the error to answer with, and the request ID if readable.
public struct RequestDecodeFailure: Error, Equatable, Sendable {
    public let requestID: UInt64
    public let error: MainChainError
}
