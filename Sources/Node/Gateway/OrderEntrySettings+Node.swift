import Gateway

extension OrderEntrySettings {
    /// The gateway's settings from node.json; nil when `gateway_endpoint` is empty.
    init?(_ configuration: NodeConfiguration) {
        guard !configuration.gatewayEndpoint.isEmpty else { return nil }
        self.init()
        endpoint = configuration.gatewayEndpoint
        ratePerSecond = configuration.gatewayRatePerSecond
        burst = configuration.gatewayBurst
        // Never more answers in flight than the queue they wait in can hold.
        maxInFlight = configuration.intakeQueueCapacity
    }
}
