import Crypto
import Primitives
import Testing

@Suite("Multiset hash errors")
struct MultisetHashErrorTests {
    let all: [MultisetHashError] = [
        .elementTooLong(length: 5, limit: 4)
    ]

    @Test("each error has its own stable code (2101; 2105 retired with MuHash3072) and its own snake_case name")
    func codesAndNames() {
        #expect(all.map(\.code) == [2101])
        #expect(Set(all.map(\.name)).count == all.count)
        #expect(all.allSatisfy { $0.name.allSatisfy { $0.isLowercase || $0 == "_" } })
        #expect(
            MultisetHashError.elementTooLong(length: 5, limit: 4).description
                == "multiset_element_too_long (2101): multiset element has 5 bytes, limit 4")
    }
}
