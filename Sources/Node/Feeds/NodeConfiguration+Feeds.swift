import Gateway
import ZeroMQ

extension NodeConfiguration {
    /// The feed publisher's settings from node.json.
    public var feeds: FeedConfiguration {
        FeedConfiguration(
            feedEndpoint: feedEndpoint, snapshotEndpoint: snapshotEndpoint, heartbeatMs: feedHeartbeatMs,
            sendHighWaterMark: feedSendHWM, snapshotSendHighWaterMark: snapshotSendHWM,
            publicConnectionsMax: publicConnectionsMax)
    }
}
