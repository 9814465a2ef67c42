@testable import Gateway
import LodestoneWire

/// Reads the parts `FeedState.snapshotParts` produced, as a client would.
enum SnapshotDecoding {
    static func request(_ market: String, _ depth: Lodestone_V1_Depth) -> [UInt8] {
        var request = Lodestone_V1_SnapshotRequest()
        request.market = market
        request.depth = depth
        return try! request.wireBytes()
    }

    static func snapshot(_ state: FeedState, market: String, depth: Lodestone_V1_Depth) throws -> FeedSnapshot? {
        var builder = FeedSnapshot.Builder(market: market, depth: depth)
        for part in state.snapshotParts(request: request(market, depth)).parts {
            if let snapshot = try builder.add(Lodestone_V1_SnapshotResponse(wireBytes: part)) { return snapshot }
        }
        return nil
    }
}
