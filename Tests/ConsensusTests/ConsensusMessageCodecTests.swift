import Chain
import Crypto
import Primitives
import Testing

@testable import Consensus

@Suite struct ConsensusMessageCodecTests {
    @Test func statusAndRequestRoundTrip() throws {
        let chainID = try Hash256(bytes: [UInt8](repeating: 7, count: 32))
        for message in [
            ConsensusMessage.status(PeerStatus(chainID: chainID, height: 9, round: 2)), .blockRequest(fromHeight: 4, countMax: 16),
        ] {
            #expect(try ConsensusMessage.decode(message.canonicalBytes) == message)
        }
    }

    @Test func unknownKindIsRefused() {
        #expect(throws: ConsensusError.self) { try ConsensusMessage.decode([0xEE]) }
    }
}
