import Chain
import Crypto
import Ledger
import Primitives

/// A node's last committed height and where it is in the next one; sent periodically so
/// peers see who lags (and serve it blocks) and `lodestone status` shows each peer's height.
public struct PeerStatus: Hashable, Sendable, CanonicalCodable {
    public let chainID: Hash256
    public let height: UInt64
    public let round: UInt32

    public init(chainID: Hash256, height: UInt64, round: UInt32) {
        self.chainID = chainID
        self.height = height
        self.round = round
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(chainID)
        writer.write(height)
        writer.write(round)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(chainID: try reader.readHash(), height: try reader.readUInt64(), round: try reader.readUInt32())
    }
}

/// A finalized block with the commit certificate that finalized it.
public struct CommittedBlock: Hashable, Sendable, CanonicalCodable {
    public let block: Block
    public let certificate: Certificate

    public init(block: Block, certificate: Certificate) {
        self.block = block
        self.certificate = certificate
    }

    public func encode(to writer: inout ByteWriter) {
        block.encode(to: &writer)
        certificate.encode(to: &writer)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(block: try Block(from: &reader), certificate: try Certificate(from: &reader))
    }
}

/// Everything nodes say to each other about consensus, one value per ZeroMQ message body.
/// The first byte is the kind; the rest its canonical encoding.
public enum ConsensusMessage: Hashable, Sendable, CanonicalCodable {
    case proposal(Proposal)
    /// One validator's vote: to the round's aggregator (tree) or to everyone (flat).
    case vote(Vote)
    /// An aggregator's merge of its group's checked votes, on its way up to the root.
    case aggregate(Certificate)
    /// Votes on their way down (or served to anyone): receivers verify every signature.
    case certificate(Certificate)
    case evidence(Evidence)
    case status(PeerStatus)
    /// "Send me finalized blocks from `fromHeight`, at most `countMax`."
    case blockRequest(fromHeight: UInt64, countMax: UInt16)
    case blocks([CommittedBlock])
    /// Transactions and cancels a follower forwards to validators for their pools; each
    /// transaction travels with its canonical bytes, so neither side encodes it again.
    case forward(transactions: [ForwardedTransaction], cancels: [CancelRequest])
    /// Cancel-alls and dead-man switches a follower forwards to validators for their pools.
    case forwardMass(cancelAlls: [CancelAllRequest], deadManSwitches: [DeadManSwitch])
    /// Main-chain headers a follower's gateway took from a client, forwarded to validators
    /// for their block candidates (at most `Block.maxMainChainHeaders`; the tree judges them).
    case forwardHeaders([MainChainHeader])

    /// Largest message body: a full block plus its envelope.
    public static let encodedBytesMax = Block.maxEncodedBytes + 64 << 10
    /// Most blocks in one `.blocks` answer (bytes are bounded by `encodedBytesMax` too).
    public static let blocksPerMessageMax = 64
    /// Most items in one `.forward`.
    public static let forwardItemsMax = 4_096

    public enum Kind: UInt8, Sendable, CaseIterable {
        case proposal = 1, vote, aggregate, certificate, evidence, status, blockRequest, blocks, forward, forwardMass, forwardHeaders
    }

    public var kind: Kind {
        switch self {
        case .proposal: .proposal
        case .vote: .vote
        case .aggregate: .aggregate
        case .certificate: .certificate
        case .evidence: .evidence
        case .status: .status
        case .blockRequest: .blockRequest
        case .blocks: .blocks
        case .forward: .forward
        case .forwardMass: .forwardMass
        case .forwardHeaders: .forwardHeaders
        }
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(kind.rawValue)
        switch self {
        case .proposal(let proposal): proposal.encode(to: &writer)
        case .vote(let vote): vote.encode(to: &writer)
        case .aggregate(let certificate), .certificate(let certificate): certificate.encode(to: &writer)
        case .evidence(let evidence): evidence.encode(to: &writer)
        case .status(let status): status.encode(to: &writer)
        case .blockRequest(let fromHeight, let countMax):
            writer.write(fromHeight)
            writer.write(countMax)
        case .blocks(let blocks): writer.writeArray(blocks)
        case .forward(let transactions, let cancels):
            // The array's encoding: the count, then each transaction's canonical bytes (kept).
            writer.writeVarint(UInt64(transactions.count))
            for forwarded in transactions { writer.writeRaw(forwarded.bytes) }
            writer.writeArray(cancels)
        case .forwardMass(let cancelAlls, let deadManSwitches):
            writer.writeArray(cancelAlls)
            writer.writeArray(deadManSwitches)
        case .forwardHeaders(let headers): writer.writeArray(headers)
        }
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let tag = try reader.readUInt8()
        guard let kind = Kind(rawValue: tag) else { throw .unknownTag(field: "consensus.kind", tag: UInt64(tag)) }
        switch kind {
        case .proposal: self = .proposal(try Proposal(from: &reader))
        case .vote: self = .vote(try Vote(from: &reader))
        case .aggregate: self = .aggregate(try Certificate(from: &reader))
        case .certificate: self = .certificate(try Certificate(from: &reader))
        case .evidence: self = .evidence(try Evidence(from: &reader))
        case .status: self = .status(try PeerStatus(from: &reader))
        case .blockRequest: self = .blockRequest(fromHeight: try reader.readUInt64(), countMax: try reader.readUInt16())
        case .blocks:
            self = .blocks(try reader.readArray(of: CommittedBlock.self, field: "consensus.blocks", limit: Self.blocksPerMessageMax))
        case .forward:
            let count = try reader.readCount(field: "consensus.forward.transactions", limit: Self.forwardItemsMax)
            var transactions: [ForwardedTransaction] = []
            transactions.reserveCapacity(count)
            for _ in 0..<count {
                let start = reader.offset
                let transaction = try Transaction(from: &reader)
                // The bytes just read: canonical, since decoding refuses any other form.
                transactions.append(ForwardedTransaction(transaction, bytes: Array(reader.bytesRead(since: start))))
            }
            let cancels = try reader.readArray(of: CancelRequest.self, field: "consensus.forward.cancels", limit: Self.forwardItemsMax)
            self = .forward(transactions: transactions, cancels: cancels)
        case .forwardMass:
            let cancelAlls = try reader.readArray(
                of: CancelAllRequest.self, field: "consensus.forward_mass.cancel_alls", limit: Block.maxCancelAlls)
            let switches = try reader.readArray(
                of: DeadManSwitch.self, field: "consensus.forward_mass.dead_man_switches", limit: Block.maxDeadManSwitches)
            self = .forwardMass(cancelAlls: cancelAlls, deadManSwitches: switches)
        case .forwardHeaders:
            self = .forwardHeaders(
                try reader.readArray(of: MainChainHeader.self, field: "consensus.forward_headers", limit: Block.maxMainChainHeaders))
        }
    }

    /// Decodes a message received from a peer, refusing oversize input before parsing and
    /// trailing bytes after it.
    public static func decode(_ bytes: [UInt8]) throws(ConsensusError) -> ConsensusMessage {
        guard bytes.count <= encodedBytesMax else { throw .messageTooLarge(bytes: bytes.count, limit: encodedBytesMax) }
        do { return try ConsensusMessage(canonicalBytes: bytes) } catch { throw .malformed(error) }
    }
}
