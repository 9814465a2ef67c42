import ArgumentParser
import Matching

/// Which book implementation the replay drives.
enum Engine: String, CaseIterable, ExpressibleByArgument {
    case reference
    case fast

    /// Runs `task` on an empty book of this engine. Each case passes a concrete book type,
    /// so the task's loop is specialized per engine instead of going through an existential.
    func run<Task: BookTask>(_ task: Task, rules: MarketRules, capacity: BookCapacity) -> Task.Output {
        switch self {
        case .reference:
            var book = ReferenceBook(rules: rules, capacity: capacity)
            return task.run(on: &book)
        case .fast:
            var book = FastBook(rules: rules, capacity: capacity)
            return task.run(on: &book)
        }
    }
}

/// Work on one book, whatever its engine (see `Engine.run`).
protocol BookTask {
    associatedtype Output
    func run<Book: OrderBook>(on book: inout Book) -> Output
}
