import PropertyBased
import TestSupport
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Pool

@Suite("Mempool arrival queue: keys in arrival order with removal from anywhere")
struct MempoolArrivalQueueTests {
    @Test("after seeded random appends and removals (through many compactions) the keys are those of a plain list, in the same order")
    func matchesList() {
        let operations = Gen.int(in: 0...9).array(of: 2_000...2_000)
        seededCheck(seed: 0xA771_0001, count: 5, operations) { operations, _ in
            var queue = ArrivalQueue<Int>()
            var model: [Int] = []
            for (step, operation) in operations.enumerated() {
                if operation < 4, !model.isEmpty {
                    let key = model[(step * 7919) % model.count]
                    let removed = queue.remove(key)
                    #expect(removed)
                    model.removeAll { $0 == key }
                } else {
                    queue.append(step)
                    model.append(step)
                }
                #expect(queue.count == model.count)
            }
            #expect(queue.keys == model)
            #expect(model.allSatisfy(queue.contains))
        }
    }

    @Test("removing a key that is not queued returns false and changes nothing")
    func removeAbsent() {
        var queue = ArrivalQueue<Int>()
        queue.append(1)
        queue.append(2)
        let results = [queue.remove(3), queue.remove(1), queue.remove(1)]
        #expect(results == [false, true, false])
        #expect(queue.keys == [2] && queue.count == 1 && !queue.contains(1))
    }
}
