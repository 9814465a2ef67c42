import Foundation

/// The only place the Markets module touches the file system: bounded reads of market
/// files and sorted listings of market directories.
enum MarketFileSystem {
    /// The text of the file at `path`, read up to one byte past the size limit so that an
    /// oversized file is reported as such by the parser instead of being read whole.
    static func readText(path: String) throws(MarketFileError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw MarketFileError(path: path, problem: .unreadable(reason: "cannot open the file"))
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: MarketLimits.fileMaxBytes + 1) ?? Data()
        } catch {
            throw MarketFileError(path: path, problem: .unreadable(reason: error.localizedDescription))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MarketFileError(path: path, problem: .unreadable(reason: "not UTF-8 text"))
        }
        return text
    }

    /// Paths of the `*.toml` files directly in `directory`, sorted by file name so that
    /// every machine loads them in the same order.
    static func tomlFiles(in directory: String) throws(MarketFileError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw MarketFileError(path: directory, problem: .unreadable(reason: "cannot list the directory"))
        }
        let tomlNames = names.filter { $0.hasSuffix(".toml") }.sorted()
        guard tomlNames.count <= MarketLimits.catalogMaxMarkets else {
            throw MarketFileError(path: directory, problem: .tooManyMarkets(limit: MarketLimits.catalogMaxMarkets))
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return tomlNames.map { prefix + $0 }
    }
}
