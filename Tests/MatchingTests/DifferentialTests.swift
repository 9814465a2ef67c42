import Matching
import Testing

/// The same seeded operation streams into `ReferenceBook` and `FastBook` give identical event
/// streams, operation by operation: 8 streams × 130k = 1.04M operations.
@Suite("Differential: reference vs fast")
struct DifferentialTests {
    static let operationsPerStream = 130_000

    @Test("both books give byte-identical event streams for the same operations", arguments: Array(UInt64(1)...8))
    func identicalEvents(seed: UInt64) {
        let rules = OperationStream.rules(seed: seed)
        var stream = OperationStream(seed: seed, rules: rules)
        var reference = ReferenceBook(rules: rules, capacity: OperationStream.capacity)
        var fast = FastBook(rules: rules, capacity: OperationStream.capacity)
        var referenceLog = EventLog()
        var fastLog = EventLog()
        for step in 0..<Self.operationsPerStream {
            let operation = stream.next()
            operation.apply(to: &reference, into: &referenceLog)
            operation.apply(to: &fast, into: &fastLog)
            let expected = referenceLog.drain()
            let actual = fastLog.drain()
            guard expected == actual else {
                Issue.record("seed \(seed) step \(step): \(operation)\nreference \(expected)\nfast      \(actual)")
                return
            }
        }
        #expect(fast.levels(.buy) == reference.levels(.buy))
        #expect(fast.levels(.sell) == reference.levels(.sell))
    }

    @Test("the random streams reach every event kind, cancel reason and refusal code")
    func streamsCoverEverything() {
        var kinds: Set<String> = []
        for seed in UInt64(1)...3 {
            let rules = OperationStream.rules(seed: seed)
            var stream = OperationStream(seed: seed, rules: rules)
            var book = FastBook(rules: rules, capacity: OperationStream.capacity)
            var log = EventLog()
            for _ in 0..<20_000 { stream.next().apply(to: &book, into: &log) }
            kinds.formUnion(log.events.map(Self.kind))
        }
        let reasons = CancelReason.allCases.map { "cancelled \($0)" }
        let codes = (4001...4016).map { "rejected \($0)" }
        let changes = ["accepted", "fill", "level", "added", "reduced", "replaced", "removed"]
        #expect(Set(reasons + codes + changes).subtracting(kinds).isEmpty)
    }

    static func kind(_ event: BookEvent) -> String {
        switch event {
        case .accepted: "accepted"
        case .rejected(_, let error): "rejected \(error.code)"
        case .fill: "fill"
        case .cancelled(_, let reason, _): "cancelled \(reason)"
        case .levelChanged: "level"
        case .orderAdded: "added"
        case .orderReduced: "reduced"
        case .orderReplaced: "replaced"
        case .orderRemoved: "removed"
        }
    }
}
