import Chain
import Crypto
import Foundation
import FuzzSupport
import Ledger
import LodestoneWire
import MainChain
import Node
import Peg
import Primitives

/// Writes the seed corpus, a few small valid inputs per target, to `<corpus>/<target>/`:
/// `fuzz-seeds <corpus directory> <markets directory>`. The protobuf seeds are the
/// LodestoneWire tests' fixtures (WireFixtures.swift is a link to them); the canonical
/// seeds mirror docs/PROTOCOL.md's test vector; the JSON seeds are what `lodestone devnet`
/// writes. Output is deterministic, so re-running it changes no committed file.
///
/// It is built with the fuzz targets, so libFuzzer supplies `main`: the work happens in
/// `LLVMFuzzerInitialize`, which libFuzzer calls first, and ends the process.
@_cdecl("LLVMFuzzerInitialize")
public func writeSeeds(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    let arguments = CommandLine.arguments
    guard arguments.count == 3 else {
        FileHandle.standardError.write(Data("usage: fuzz-seeds <corpus directory> <markets directory>\n".utf8))
        exit(2)
    }
    do {
        var writer = SeedWriter(root: arguments[1])
        try writer.canonical()
        try writer.wire()
        try writer.feed()
        try writer.config(marketsDirectory: arguments[2])
        print("wrote \(writer.count) seeds under \(arguments[1])")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("fuzz-seeds: \(error)\n".utf8))
        exit(1)
    }
}

/// Never called: `writeSeeds` exits first; libFuzzer's `main` needs the symbol.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { 0 }

struct SeedWriter {
    let root: String
    var count = 0

    mutating func write(_ bytes: [UInt8], target: String, name: String) throws {
        let directory = "\(root)/\(target)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: "\(directory)/\(name)"))
        count += 1
    }

    // MARK: Canonical codec

    static let order = MagneticOrder(
        requestedAsset: FuzzFixtures.usdt, price: ratio(30_000, 1), sellerProgram: .payToKey(FuzzFixtures.alice.publicKey),
        sellerKey: FuzzFixtures.alice.publicKey, flags: .postOnly, maxFeeBps: 25, expiryHeight: 1_000)

    static func ratio(_ numerator: UInt64, _ denominator: UInt64) -> Ratio {
        guard let ratio = try? Ratio(numerator, denominator) else { fatalError("\(numerator)/\(denominator) is a ratio") }
        return ratio
    }

    /// The transaction of docs/PROTOCOL.md's vectors: alice's order for BTC and a payment to bob.
    static func transaction() throws -> Transaction {
        let signature = try Signature(bytes: [UInt8](repeating: 0x5C, count: 64))
        return Transaction(
            inputs: [Input(spending: FuzzFixtures.hash(0xAB), witness: .signature(signature))],
            outputs: [
                Output(asset: FuzzFixtures.btc, amount: Amount(10), program: .magneticOrder(order)),
                Output(asset: FuzzFixtures.native, amount: Amount(990), program: .payToKey(FuzzFixtures.bob.publicKey)),
            ],
            fee: Amount(10))
    }

    /// Every other witness and program kind, in one transaction.
    static func transactionOfEveryKind() throws -> Transaction {
        let signature = try Signature(bytes: [UInt8](repeating: 0x5D, count: 64))
        let keys = [FuzzFixtures.alice.publicKey, FuzzFixtures.bob.publicKey]
        let witnesses: [Witness] = [
            .multisig([KeySignature(keyIndex: 0, signature: signature)]), .cancelOrder(signature),
            .fillOrder(filled: Amount(5), remainderOutput: 1), .fillOrder(filled: Amount(5), remainderOutput: nil),
            .returnOrder(filled: Amount(3)), .unvote(signature, lockOutput: 0), .withdrawVote(signature), .cancelByOrderID(signature),
        ]
        return Transaction(
            inputs: witnesses.enumerated().map { Input(spending: FuzzFixtures.hash(UInt8($0.offset + 1)), witness: $0.element) },
            outputs: [
                Output(asset: FuzzFixtures.native, amount: Amount(1), program: .multisig(threshold: 2, keys: keys)),
                Output(
                    asset: FuzzFixtures.native, amount: Amount(2),
                    program: .voteLock(VoteLock(owner: keys[0], candidate: keys[1], unlockDelayBlocks: 100))),
                Output(
                    asset: FuzzFixtures.btc, amount: Amount(3),
                    program: .crossChainOut(mainChainAddress: ControlProgram.payToKey(FuzzFixtures.bob.publicKey).canonicalBytes)),
            ])
    }

    /// The main chain's and the peg's values, in fuzz-canonical's order after the block header.
    static func mainChainValues(tx: Transaction, signature: Signature, keys: [PublicKey]) -> [(String, any CanonicalEncodable)] {
        let mainHeader = MainChainHeader(
            height: 3, previousHash: FuzzFixtures.hash(0x61), transactionRoot: FuzzFixtures.hash(0x62), timestampMs: 1_700_000_000_000,
            targetBits: 0x207f_ffff, nonce: 9)
        let genesis = MainChainHeader(
            height: 0, previousHash: .zero, transactionRoot: .zero, timestampMs: 1_700_000_000_000, targetBits: 0x207f_ffff, nonce: 1)
        let parameters = MainChainParameters(
            genesisHeader: genesis, powLimitBits: 0x207f_ffff, blockIntervalMs: 1_000, retargetIntervalBlocks: 20)
        let proof = MerkleProof(leafIndex: 2, leafCount: 5, siblings: [FuzzFixtures.hash(0x63), FuzzFixtures.hash(0x64)])
        let federation = FederationKeys(threshold: 2, keys: keys)
        let deposit = FederationDeposit(
            federation: federation, destination: ControlProgram.payToKey(keys[0]).canonicalBytes, refund: .payToKey(keys[1]))
        let evidence = PegInEvidence(
            deposit: tx, outputIndex: 0, blockHash: FuzzFixtures.hash(0x65), proof: proof,
            signatures: [KeySignature(keyIndex: 0, signature: signature), KeySignature(keyIndex: 1, signature: signature)])
        return [
            ("main-chain-header", mainHeader), ("main-chain-parameters", parameters), ("merkle-proof", proof),
            ("federation-keys", federation), ("federation-deposit", deposit), ("peg-in-evidence", evidence),
            ("main-chain-block", MainChainBlock(header: mainHeader, transactions: [tx])),
            ("main-chain-request", MainChainRequest(requestID: 7, body: .headerRange(fromHeight: 1, countMax: 100))),
            ("main-chain-response", MainChainResponse(requestID: 7, result: .headers([mainHeader, genesis]))),
            (
                "federation-share",
                FederationShare(
                    kind: .payment, workID: FuzzFixtures.hash(0x66), signer: 1, transaction: tx,
                    shares: tx.inputs.map { _ in KeySignature(keyIndex: 1, signature: signature) })
            ),
        ]
    }

    mutating func canonical() throws {
        let tx = try Self.transaction()
        let everyKind = try Self.transactionOfEveryKind()
        let signature = try Signature(bytes: [UInt8](repeating: 0x5E, count: 64))
        let header = BlockHeader(
            chainID: FuzzFixtures.chainID, height: 7, previousHash: FuzzFixtures.hash(0x06), timestampMs: 1_700_000_000_000,
            transactionRoot: FuzzFixtures.hash(0x10), settlementRoot: FuzzFixtures.hash(0x11), lastCommitHash: FuzzFixtures.hash(0x14),
            evidenceRoot: FuzzFixtures.hash(0x15), stateCommitment: FuzzFixtures.hash(0x12),
            validatorSetHash: FuzzFixtures.hash(0x13), proposer: FuzzFixtures.alice.publicKey)
        let cancel = CancelRequest(orderID: FuzzFixtures.hash(0x33), signature: signature)
        let position = OrderPosition(height: 7, transaction: 1, output: 0)
        let entry = UTXOEntry(output: tx.outputs[0], order: OrderMeta(orderID: FuzzFixtures.hash(0x44), position: position))
        let keys = [FuzzFixtures.alice.publicKey, FuzzFixtures.bob.publicKey]

        // Selector bytes follow the order of the checks in fuzz-canonical.
        let values: [(String, any CanonicalEncodable)] =
            [
                ("hash", FuzzFixtures.hash(0x5A)), ("asset", FuzzFixtures.btc), ("amount", Amount(300)), ("ratio", Self.ratio(3, 2)),
                ("public-key", FuzzFixtures.alice.publicKey), ("signature", signature), ("program", tx.outputs[0].program),
                ("magnetic-order", Self.order),
                ("vote-lock", VoteLock(owner: keys[0], candidate: keys[1], unlockDelayBlocks: 9, unlockRequestedAt: 4)),
                ("output", tx.outputs[1]), ("key-signature", KeySignature(keyIndex: 1, signature: signature)),
                ("witness", everyKind.inputs[2].witness), ("cancel", cancel), ("order-position", position),
                ("utxo-entry", entry), ("asset-definition", AssetDefinition(symbol: "BTC", decimals: 8)),
                ("multiset-hash", MultisetHash.empty), ("block-header", header),
            ] + Self.mainChainValues(tx: tx, signature: signature, keys: keys)
        for (index, (name, value)) in values.enumerated() {
            try write([UInt8(index)] + value.canonicalBytes, target: "fuzz-canonical", name: name)
        }
        try write([UInt8(values.count), 0xAC, 0x02], target: "fuzz-canonical", name: "varint")

        try write(tx.canonicalBytes, target: "fuzz-transaction", name: "protocol-vector")
        try write(everyKind.canonicalBytes, target: "fuzz-transaction", name: "every-kind")

        let block = Block(header: header, transactions: [tx, everyKind], cancels: [cancel], settlements: [tx], signature: signature)
        try write(block.canonicalBytes, target: "fuzz-block", name: "block")
        // Intake: selector (frame count, request or reply), then length-prefixed frames.
        let intake: [(String, UInt8, [[UInt8]])] = [
            ("request-transaction", 2, IntakeRequest.transaction(tx).frames),
            ("request-cancel", 2, IntakeRequest.cancel(cancel).frames),
            ("request-status", 1, [IntakeRequest.status.frames[0]]),
            ("reply-accepted", 0x04 | 2, IntakeReply.accepted(FuzzFixtures.hash(0x77)).frames),
            ("reply-rejected", 0x04 | 3, IntakeReply.rejected(IntakeRejection(code: 4003, name: "fee_too_low")).frames),
        ]
        for (name, selector, frames) in intake {
            let prefixed = frames.dropLast().flatMap { [UInt8($0.count)] + $0 } + (frames.last ?? [])
            try write([selector] + prefixed, target: "fuzz-intake", name: name)
        }

        let empty = Block(header: header, transactions: [], cancels: [], settlements: [], signature: signature)
        try write(empty.canonicalBytes, target: "fuzz-block", name: "empty-block")
    }

    // MARK: Protobuf envelopes

    mutating func wire() throws {
        for (index, request) in WireFixtures.requests.enumerated() {
            try write(request.wireBytes(), target: "fuzz-wire-request", name: "request-\(index)")
        }
        for (index, message) in WireFixtures.serverMessages.enumerated() {
            try write(message.wireBytes(), target: "fuzz-wire-server", name: "server-\(index)")
        }
        for (index, request) in WireFixtures.snapshotRequests.enumerated() {
            try write([0] + request.wireBytes(), target: "fuzz-wire-snapshot", name: "request-\(index)")
        }
        for (index, response) in WireFixtures.snapshotResponses.enumerated() {
            try write([1] + response.wireBytes(), target: "fuzz-wire-snapshot", name: "response-\(index)")
        }
    }

    // MARK: Feed frames

    mutating func feed() throws {
        for (index, body) in WireFixtures.feedBodies.enumerated() {
            let frames = try body.frame(sequence: UInt64(index + 1)).frames
            let (topic, payload, sequence) = (frames[0], frames[1], frames[2])
            let input = [UInt8(topic.count)] + topic + [UInt8(sequence.count)] + sequence + payload
            try write(input, target: "fuzz-feed", name: "frame-\(index)")
        }
    }

    // MARK: JSON config

    mutating func config(marketsDirectory: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lodestone-fuzz-seeds-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = DevnetOptions()
        options.marketsDirectory = marketsDirectory
        options.genesisTimestampMs = 1_700_000_000_000
        // Fixed keys, so the seeds do not change from run to run.
        options.makeKey = { name in
            FuzzFixtures.signingKey(max(1, UInt8(truncatingIfNeeded: name.utf8.reduce(7) { $0 &* 31 &+ Int($1) })))
        }
        let layout = DevnetLayout(directory: directory)
        _ = try layout.create(options)
        let genesisJSON = try Data(contentsOf: URL(fileURLWithPath: layout.genesisPath))
        try write(Array(genesisJSON), target: "fuzz-config-genesis", name: "devnet")
        // The same devnet with a peg section, so the fuzzer starts inside the peg's keys.
        var pegged = try JSONDecoder().decode(GenesisFile.self, from: genesisJSON)
        let mainGenesis = MainChainHeader(
            height: 0, previousHash: .zero, transactionRoot: .zero, timestampMs: 1_700_000_000_000, targetBits: 0x207f_ffff, nonce: 0)
        pegged.peg = GenesisFile.PegEntry(
            PegGenesis(
                mainChain: MainChainParameters(
                    genesisHeader: mainGenesis, powLimitBits: 0x207f_ffff, blockIntervalMs: 1_000, retargetIntervalBlocks: 20),
                federation: FederationKeys(threshold: 2, keys: [FuzzFixtures.alice.publicKey, FuzzFixtures.bob.publicKey]),
                confirmationsRequired: 3,
                peggedAssets: [PeggedAsset(symbol: "BTC", minimumDeposit: Amount(10_000))]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try write(Array(try encoder.encode(pegged)), target: "fuzz-config-genesis", name: "devnet-peg")
        try write(Array(try Data(contentsOf: URL(fileURLWithPath: layout.nodeConfigPath))), target: "fuzz-config-node", name: "devnet")
        try write(Array(ConfigJSON.encode(NodeConfiguration())), target: "fuzz-config-node", name: "defaults")
        try write(Array("{}".utf8), target: "fuzz-config-node", name: "empty")
    }
}
