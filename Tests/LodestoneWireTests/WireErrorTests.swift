import LodestoneWire
import Testing

@Suite("WireError codes and names")
struct WireErrorTests {
    @Test("codes are unique and within 7101...7199, the gateway's share of the 7xxx block")
    func codes() {
        let codes = WireError.Kind.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { (7101...7199).contains($0) })
    }

    @Test("names are unique snake_case")
    func names() {
        let names = WireError.Kind.allCases.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLowercase || $0 == "_" } })
    }

    @Test("an error prints as name (code): field: detail")
    func description() {
        let error = WireError(.invalidLength, field: "cancel.order_id", "31 bytes, want 32")
        #expect(error.description == "invalid_length (7107): cancel.order_id: 31 bytes, want 32")
        #expect(WireError(.wrongFrameCount, "2 frames").description == "wrong_frame_count (7113): 2 frames")
    }
}
