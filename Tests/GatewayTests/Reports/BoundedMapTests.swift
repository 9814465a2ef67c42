@testable import Gateway
import PropertyBased
import Testing
import TestSupport

@Suite("BoundedMap: remembers at most its capacity, forgetting the oldest first")
struct BoundedMapTests {
    @Test("past its capacity the oldest inserted keys are forgotten; updating a key does not renew it")
    func forgetsOldest() {
        var map = BoundedMap<Int, String>(capacity: 2)
        map[1] = "a"
        map[2] = "b"
        map[1] = "a2"
        map[3] = "c"
        #expect(map[1] == nil && map[2] == "b" && map[3] == "c" && map.count == 2)
        map[2] = nil
        map[4] = "d"
        #expect(map[3] == "c" && map[4] == "d" && map.count == 2)
    }

    @Test("for any inserts and removals the map holds at most its capacity and the newest key is always kept")
    func boundedUnderAnyUse() {
        let operations = zip(Gen.int(in: 0...40), Gen.bool).array(of: 1...300)
        seededCheck(seed: 0xb0b, count: 200, zip(Gen.int(in: 1...16), operations)) { value, _ in
            let (capacity, operations) = value
            var map = BoundedMap<Int, Int>(capacity: capacity)
            for (key, insert) in operations {
                map[key] = insert ? key : nil
                #expect(map.count <= capacity)
                if insert { #expect(map[key] == key) }
            }
        }
    }
}
