import ArgumentParser
import Matching

/// Which book implementation the replay drives.
enum Engine: String, CaseIterable, ExpressibleByArgument {
    case reference
    case fast

    /// The book type; generic code called with it is specialized per engine (the existential
    /// metatype is opened once, outside the hot loop).
    var bookType: any OrderBook.Type {
        switch self {
        case .reference: ReferenceBook.self
        case .fast: FastBook.self
        }
    }
}
