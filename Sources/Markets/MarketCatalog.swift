/// Every market an operator hosts, loaded from market files (one `<symbol>.toml` per market).
///
/// Loading is deterministic: directories in the order given, and within each the `*.toml`
/// files sorted by name. A symbol defined twice is refused, as is any bad file: the catalog
/// is all or nothing.
public struct MarketCatalog: Sendable, Equatable {
    /// The markets, in load order.
    public let markets: [MarketDefinition]
    /// Index into `markets` by symbol.
    private let indexBySymbol: [String: Int]

    private init(markets: [MarketDefinition]) {
        self.markets = markets
        self.indexBySymbol = Dictionary(uniqueKeysWithValues: markets.enumerated().map { ($1.symbol, $0) })
    }

    /// The market with this symbol, or `nil` if the catalog has none.
    public subscript(symbol: String) -> MarketDefinition? {
        indexBySymbol[symbol].map { markets[$0] }
    }

    /// Loads every `*.toml` file in `directory` (not its subdirectories).
    ///
    /// - Throws: `MarketFileError` for the first file, in sorted order, that fails to load, or
    ///   when the directory cannot be listed or holds more than `MarketLimits.catalogMaxMarkets`
    ///   market files.
    public static func load(directory: String) throws(MarketFileError) -> MarketCatalog {
        try load(directories: [directory])
    }

    /// Loads every `*.toml` file in each directory, e.g. the shipped markets and an operator's
    /// own; a symbol may be defined in only one of them.
    ///
    /// - Throws: `MarketFileError` as `load(directory:)` does, or `duplicateSymbol` naming the
    ///   second file that defines a symbol and the first.
    public static func load(directories: [String]) throws(MarketFileError) -> MarketCatalog {
        var builder = Builder()
        for directory in directories {
            for path in try MarketFileSystem.tomlFiles(in: directory) {
                try builder.add(MarketDefinition.load(path: path), path: path, directory: directory)
            }
        }
        return MarketCatalog(markets: builder.markets)
    }

    /// Collects markets in load order, refusing a second definition of a symbol and any
    /// market past the catalog limit.
    private struct Builder {
        var markets: [MarketDefinition] = []
        var firstPathBySymbol: [String: String] = [:]

        mutating func add(_ definition: MarketDefinition, path: String, directory: String) throws(MarketFileError) {
            if let firstPath = firstPathBySymbol[definition.symbol] {
                let problem = MarketProblem.duplicateSymbol(symbol: definition.symbol, firstPath: firstPath)
                throw MarketFileError(path: path, key: MarketKey.symbol.rawValue, problem: problem)
            }
            guard markets.count < MarketLimits.catalogMaxMarkets else {
                throw MarketFileError(path: directory, problem: .tooManyMarkets(limit: MarketLimits.catalogMaxMarkets))
            }
            firstPathBySymbol[definition.symbol] = path
            markets.append(definition)
        }
    }
}
