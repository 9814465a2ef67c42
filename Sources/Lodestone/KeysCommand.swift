import ArgumentParser
import Crypto
import Node
import Foundation
import Primitives

/// `lodestone keys new|show`: signing keys in files readable only by their owner.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create and inspect signing key files.", subcommands: [New.self, Show.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a new key file (mode 0600) and print its public key.")

        @Argument(help: "Path of the key file to create; an existing file is never overwritten.")
        var path: String

        func run() throws {
            let suite = SchnorrSecp256k1Suite()
            let key = suite.generateSigningKey()
            try KeyFile(suite: suite.id, secret: key.secretBytes).write(to: path)
            print(key.publicKey)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the public key of a key file.")

        @Argument(help: "Path of the key file.")
        var path: String

        func run() throws {
            let file = try KeyFile.read(from: path)
            print(try file.signingKey().publicKey)
        }
    }
}
