import Testing

@testable import Peg

@Suite struct SidechainClientErrorTests {
    @Test func codesAreDistinctInTheirBlockWithStableNames() {
        let errors: [SidechainClientError] = [
            .timeout(endpoint: "tcp://127.0.0.1:1", timeoutMs: 5), .refused(code: 7234, text: "no peg"), .garbage(detail: "x"),
            .socketFailed(detail: "y"),
        ]
        #expect(errors.map(\.code) == [11021, 11022, 11023, 11024])
        #expect(errors.map(\.name) == ["sidechain_timeout", "sidechain_refused", "sidechain_garbage", "sidechain_socket_failed"])
        #expect(errors[1].message.contains("7234"))
    }

    @Test func aRefusalsSpecificCodeIsItsCauseWhenItHasOne() {
        #expect(SidechainSubmission.accepted.specificCode == nil)
        #expect(SidechainSubmission.refused(code: 8404, name: "peg_mint_replayed", causeCode: 0, text: "").specificCode == 8404)
        #expect(SidechainSubmission.refused(code: 8001, name: "ledger_rejected", causeCode: 3216, text: "").specificCode == 3216)
    }
}
