import Crypto
import Ledger
import Primitives

/// A main-chain node's answer to a `MainChainRequest`. Wire form, canonical binary:
/// `u64 request_id ‖ u8 status ‖ body`; status 0 (ok): `u8 kind ‖ result`; status 1 (error):
/// `u16 code ‖ varint length ‖ UTF-8 message` (`MainChainError` codes 95xx, or the ledger's
/// and header rules' own codes for a refused transaction).
///
/// Results by kind: 1 → 32-byte transaction ID; 2, 3 → the block's canonical encoding;
/// 4 → output canonical encoding ‖ 32-byte block hash ‖ u64 height (the block that created
/// it); 5 → u64 height ‖ 32-byte hash ‖ 32-byte big-endian chain work; 6 → varint count ‖
/// that many 101-byte headers; 7 → varint count ‖ that many (32-byte output ID ‖ output ‖
/// 32-byte block hash ‖ u64 height) ‖ u8 more. Not found is an error: 9523 (block), 9524 (output spent),
/// 9525 (output unknown).
public struct MainChainResponse: Hashable, Sendable, CanonicalCodable {
    /// Most bytes a response may have: the largest block, and framing.
    public static let bytesMax = MainChainBlock.bytesMax + 1_024
    /// Longest error message sent (longer ones are cut).
    public static let messageBytesMax = 1_024

    public enum Result: Hashable, Sendable {
        case transactionAccepted(Hash256)
        /// The answer to block_by_height or block_by_hash (`kind` says which was asked).
        case block(MainChainBlock, kind: MainChainRequest.Kind)
        case output(Output, blockHash: Hash256, height: UInt64)
        case best(height: UInt64, hash: Hash256, chainWork: UInt256)
        case headers([MainChainHeader])
        case outputsHeld(MainChainOutputPage)
        case error(code: UInt16, message: String)
    }

    public let requestID: UInt64
    public let result: Result

    public init(requestID: UInt64, result: Result) {
        self.requestID = requestID
        self.result = result
    }

    /// An error response for `error`, carrying its code.
    public init(requestID: UInt64, error: MainChainError) {
        self.init(requestID: requestID, result: .error(code: error.code, message: error.message))
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(requestID)
        switch result {
        case .error(let code, let message):
            writer.write(UInt8(1))
            writer.write(code)
            writer.writeBytes(Array(Self.cut(message).utf8))
            return
        default: writer.write(UInt8(0))
        }
        switch result {
        case .transactionAccepted(let id):
            writer.write(MainChainRequest.Kind.submitTransaction.rawValue)
            writer.write(id)
        case .block(let block, let kind):
            writer.write(kind.rawValue)
            block.encode(to: &writer)
        case .output(let output, let blockHash, let height):
            writer.write(MainChainRequest.Kind.output.rawValue)
            output.encode(to: &writer)
            writer.write(blockHash)
            writer.write(height)
        case .best(let height, let hash, let work):
            writer.write(MainChainRequest.Kind.best.rawValue)
            writer.write(height)
            writer.write(hash)
            writer.writeRaw(work.bigEndianBytes)
        case .headers(let headers):
            writer.write(MainChainRequest.Kind.headerRange.rawValue)
            writer.writeArray(headers)
        case .outputsHeld(let page):
            writer.write(MainChainRequest.Kind.outputsHeldBy.rawValue)
            writer.writeArray(page.outputs)
            writer.write(page.more)
        case .error: preconditionFailure("written above")
        }
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let requestID = try reader.readUInt64()
        let status = try reader.readUInt8()
        switch status {
        case 0: break
        case 1:
            let code = try reader.readUInt16()
            let bytes = try reader.readBytes(field: "response.message", limit: Self.messageBytesMax)
            guard let message = String(validating: bytes, as: UTF8.self) else {
                throw .invalidValue(field: "response.message", reason: "not UTF-8")
            }
            self.init(requestID: requestID, result: .error(code: code, message: message))
            return
        default: throw .unknownTag(field: "response.status", tag: UInt64(status))
        }
        let kind = try reader.readUInt8()
        let result: Result
        switch MainChainRequest.Kind(rawValue: kind) {
        case .submitTransaction: result = .transactionAccepted(try reader.readHash())
        case .blockByHeight: result = .block(try MainChainBlock(from: &reader), kind: .blockByHeight)
        case .blockByHash: result = .block(try MainChainBlock(from: &reader), kind: .blockByHash)
        case .output: result = .output(try Output(from: &reader), blockHash: try reader.readHash(), height: try reader.readUInt64())
        case .best:
            result = .best(
                height: try reader.readUInt64(), hash: try reader.readHash(), chainWork: UInt256(bigEndian: try reader.readHash()))
        case .headerRange:
            result = .headers(
                try reader.readArray(of: MainChainHeader.self, field: "response.headers", limit: Int(MainChainRequest.headerRangeCountMax)))
        case .outputsHeldBy:
            let outputs = try reader.readArray(of: HeldOutput.self, field: "response.outputs", limit: MainChainOutputPage.limitMax)
            result = .outputsHeld(MainChainOutputPage(outputs: outputs, more: try reader.readBool(field: "response.more")))
        case nil: throw .unknownTag(field: "response.kind", tag: UInt64(kind))
        }
        self.init(requestID: requestID, result: result)
    }

    /// Decodes a response frame from a node; oversize or bad bytes are an error, never a trap.
    public static func decode(_ bytes: [UInt8]) throws(PrimitivesError) -> MainChainResponse {
        guard bytes.count <= bytesMax else { throw .lengthLimitExceeded(field: "response", length: UInt64(bytes.count), limit: bytesMax) }
        return try MainChainResponse(canonicalBytes: bytes)
    }

    /// `message` cut to at most `messageBytesMax` UTF-8 bytes, on a character boundary.
    static func cut(_ message: String) -> String {
        guard message.utf8.count > messageBytesMax else { return message }
        var result = ""
        for character in message {
            guard result.utf8.count + character.utf8.count <= messageBytesMax else { break }
            result.append(character)
        }
        return result
    }
}

/// The PUB notification of a new best block: three frames, `"block"`, the header's
/// canonical bytes, the height as u64 little-endian. A subscriber notices a reorg when the
/// header's `previousHash` is not the tip it last saw; it then walks back with header_range.
public struct MainChainBlockNotice: Hashable, Sendable {
    public static let topic: [UInt8] = Array("block".utf8)

    public let header: MainChainHeader
    public let height: UInt64

    public init(header: MainChainHeader, height: UInt64) {
        self.header = header
        self.height = height
    }

    public var frames: [[UInt8]] {
        var height = ByteWriter(capacity: 8)
        height.write(self.height)
        return [Self.topic, header.canonicalBytes, height.bytes]
    }

    /// Reads a notification's frames; nil for anything else.
    public init?(frames: [[UInt8]]) {
        guard frames.count == 3, frames[0] == Self.topic, let header = try? MainChainHeader(canonicalBytes: frames[1]) else { return nil }
        var reader = ByteReader(frames[2])
        guard let height = try? reader.readUInt64(), reader.remaining == 0 else { return nil }
        self.init(header: header, height: height)
    }
}
