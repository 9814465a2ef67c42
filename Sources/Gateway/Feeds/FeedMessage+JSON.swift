import LodestoneWire

/// JSON lines for `lodestone feed`: protobuf's JSON mapping for the body (IDs in base64,
/// 64-bit numbers as strings), with the topic and sequence around it.
extension FeedMessage {
    /// `{"topic":…,"sequence":…,"body":{…}}`.
    public func jsonLine() throws(FeedError) -> String {
        let json: String
        do {
            json = switch body {
            case let .l2(update): try update.jsonString()
            case let .l3(update): try update.jsonString()
            case let .trade(trade): try trade.jsonString()
            case let .block(block): try block.jsonString()
            case let .heartbeat(heartbeat): try heartbeat.jsonString()
            }
        } catch {
            throw .wire(code: WireError.Kind.malformedMessage.rawValue, name: WireError.Kind.malformedMessage.name, text: "\(error)")
        }
        return "{\"topic\":\"\(topic.text)\",\"sequence\":\(sequence),\"body\":\(json)}"
    }
}

extension FeedGap {
    /// `{"gap":{"topic":…,"expected":…,"received":…}}`.
    public var jsonLine: String {
        "{\"gap\":{\"topic\":\"\(topic.text)\",\"expected\":\(expected),\"received\":\(received)}}"
    }
}
