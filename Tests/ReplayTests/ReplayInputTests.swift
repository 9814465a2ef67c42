@testable import LodestoneReplay
import Matching
import Testing

@Suite("Replay input")
struct ReplayInputTests {
    @Test("string IDs and owners are interned densely in order of first appearance")
    func interning() throws {
        let input = ReplayInput(Array("""
            {"op":"new","id":"b","owner":"y","side":"buy","price":1,"qty":1}
            {"op":"replace","id":"b","new_id":"a","price":1,"qty":1}
            {"op":"mass_cancel","owner":"x"}
            """.utf8))
        #expect(input.orderIDs.names == ["b", "a"])
        #expect(input.owners.names == ["y", "x"])
        #expect(input.operationCount == 3)
        guard case .operation(.replace(let request)) = input.records[1].record else {
            Issue.record("expected a replace")
            return
        }
        #expect(request == ReplaceRequest(id: OrderID(0), newID: OrderID(1), price: 1, size: 1))
    }

    @Test("blank lines are skipped, CRLF is accepted, line numbers count every line")
    func lineNumbers() {
        let input = ReplayInput(Array("\n{\"op\":\"height\",\"h\":2}\r\n   \n{\"op\":\"height\",\"h\":3}".utf8))
        #expect(input.records.map(\.line) == [2, 4])
    }

    @Test("a record that is valid JSON but not a valid operation is refused invalid_record", arguments: [
        #"{"id":"a"}"#, #"{"op":"jump"}"#, #"{"op":"cancel"}"#, #"{"op":"cancel","id":7}"#,
        #"{"op":"new","id":"a","owner":"o","side":"up","price":1,"qty":1}"#,
        #"{"op":"new","id":"a","owner":"o","side":"buy","price":1.5,"qty":1}"#,
        #"{"op":"new","id":"a","owner":"o","side":"buy","price":1,"qty":1,"tif":"day"}"#,
        #"{"op":"new","id":"a","owner":"o","side":"buy","price":1,"qty":1,"expiry":-1}"#,
        #"{"op":"height"}"#, #"{"op":"cancel","id":"a","id":"b"}"#,
    ])
    func invalidRecord(text: String) {
        let input = ReplayInput(Array(text.utf8))
        guard case .refused(let error) = input.records.first?.record else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error.name == "invalid_record")
        #expect(error.code == 4902)
    }
}
