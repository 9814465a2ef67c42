import ArgumentParser
import Chain
import Crypto
import Foundation
import Gateway
import Ledger
import Node
import Primitives

/// What `vote` and `unvote` share: the node folder whose raw intake takes the transaction,
/// the signing key, the wait.
struct StakeConnection: ParsableArguments {
    @Option(help: "A node folder (holds node.json and the genesis it names); its node's raw intake takes the transaction.")
    var dir: String

    @Option(help: "The key file that signs (the voter).")
    var key: String

    @Option(help: "How long to wait for the node's answer, in milliseconds.")
    var timeoutMs = 5_000

    func validate() throws {
        guard (1...60_000).contains(timeoutMs) else { throw ValidationError("--timeout-ms must be 1...60000") }
    }

    /// Builds the transaction, submits it to the node's raw intake and prints the answer;
    /// throws (exit code 1) on a refusal.
    func submit(_ build: (_ settings: NodeSettings, _ builder: StakeBuilder, _ key: any SigningKey, _ client: IntakeClient) throws -> Transaction) throws {
        let settings = try NodeSettings.load(directory: dir)
        let signingKey = try KeyFile.signingKey(at: key)
        let client = try IntakeClient(endpoint: settings.configuration.intakeEndpoint)
        defer { client.close() }
        let builder = StakeBuilder(config: settings.chain, unlockDelayBlocks: settings.chain.genesis.unlockDelayBlocks)
        let transaction = try build(settings, builder, signingKey, client)
        let reply = try client.submit(transaction, timeoutMs: timeoutMs)
        if case let .rejected(rejection) = reply {
            print("rejected \(rejection.code) \(rejection.name): \(rejection.message)")
            throw ExitCode.failure
        }
        print("accepted transaction \(transaction.id(suite: settings.chain.suite))")
    }
}

/// Reads a public key in hex.
func parsePublicKey(_ text: String) throws -> PublicKey {
    guard let bytes = try? Hex.decode(text), let key = try? PublicKey(bytes: bytes) else {
        throw ValidationError("a public key is 64 hex digits, got \(text)")
    }
    return key
}

/// `lodestone vote --dir DIR --key K --candidate KEY --amount A [--coin ID:AMOUNT]`.
struct VoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vote",
        abstract: "Lock native stake as votes for a validator candidate (your own key: self-stake, which registers you).",
        discussion: """
            The CLI opens no database: pass the native coin to spend with --coin OUTPUT_ID:AMOUNT (the change \
            coin is printed); without it the key's genesis allocation of the native asset is spent (a fresh devnet). \
            Prints the lock as OUTPUT_ID:AMOUNT, which `lodestone unvote --lock` takes.
            """)

    @OptionGroup var connection: StakeConnection

    @Option(help: "The candidate's public key (hex).")
    var candidate: String

    @Option(help: "Minor units of the native asset to lock.")
    var amount: UInt64

    @Option(help: "The native coin to spend: OUTPUT_ID:AMOUNT.")
    var coin: String?

    func validate() throws {
        guard amount > 0 else { throw ValidationError("--amount must be above 0") }
        _ = try parsePublicKey(candidate)
    }

    func run() throws {
        try connection.submit { settings, builder, key, _ in
            let chain = settings.chain
            let spent = try coin.map(parseCoin) ?? genesisCoin(chain, key: key, asset: chain.nativeAsset)
            let transaction = try builder.vote(from: spent, candidate: try parsePublicKey(candidate), amount: amount, key: key)
            let lockID = Transaction.outputID(transactionID: transaction.id(suite: chain.suite), index: 0, suite: chain.suite)
            print("lock \(lockID):\(amount)")
            printChange(transaction, config: chain)
            return transaction
        }
    }
}

/// `lodestone unvote --dir DIR --key K --lock ID:AMOUNT --candidate KEY`.
struct UnvoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unvote",
        abstract: "Start unlocking a vote: it stops counting at once and may be withdrawn after the genesis unlock delay.",
        discussion: """
            The unlock height is the node's committed height (asked over its intake): the ledger accepts an unvote \
            whose unlock height is at most 64 blocks behind the block that includes it, and never ahead of it.
            """)

    @OptionGroup var connection: StakeConnection

    @Option(help: "The vote lock (printed by `lodestone vote`): OUTPUT_ID:AMOUNT.")
    var lock: String

    @Option(help: "The candidate the lock votes for (hex).")
    var candidate: String

    func validate() throws {
        _ = try parseCoin(lock)
        _ = try parsePublicKey(candidate)
    }

    func run() throws {
        try connection.submit { settings, builder, key, client in
            let height = try client.status(timeoutMs: connection.timeoutMs).height
            let transaction = try builder.unvote(try parseCoin(lock), candidate: try parsePublicKey(candidate), atHeight: height, key: key)
            let chain = settings.chain
            let lockID = Transaction.outputID(transactionID: transaction.id(suite: chain.suite), index: 0, suite: chain.suite)
            print("unlocking \(lockID):\(try parseCoin(lock).amount) from height \(height), withdrawable at \(height + builder.unlockDelayBlocks)")
            return transaction
        }
    }
}
