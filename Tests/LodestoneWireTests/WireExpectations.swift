import LodestoneWire
import SwiftProtobuf
import Testing

/// Expects `body` to fail with a `WireError` of `kind` (and, if given, about `field`), and
/// returns it for further checks.
@discardableResult
func expectWireError(
    _ kind: WireError.Kind, field: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) -> WireError? {
    do {
        try body()
        Issue.record("expected \(kind.name), but it succeeded", sourceLocation: sourceLocation)
    } catch let error as WireError {
        #expect(error.kind == kind, "got \(error)", sourceLocation: sourceLocation)
        if let field { #expect(error.field == field, "got \(error)", sourceLocation: sourceLocation) }
        return error
    } catch {
        Issue.record("expected a WireError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Expects an invalid `message` to be refused the same way at every entry point: by
/// `validate()`, by `wireBytes()` (nothing is sent), and by `init(wireBytes:)` when its
/// protobuf bytes arrive from a peer.
func expectRefused<Message: WireMessage>(
    _ message: Message, _ kind: WireError.Kind, field: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    expectWireError(kind, field: field, sourceLocation: sourceLocation) { try message.validate() }
    expectWireError(kind, field: field, sourceLocation: sourceLocation) { _ = try message.wireBytes() }
    // SwiftProtobuf's own encoder does not validate: this is what a careless peer sends.
    let raw: [UInt8] = try message.serializedBytes()
    expectWireError(kind, field: field, sourceLocation: sourceLocation) { _ = try Message(wireBytes: raw) }
}

/// Encodes and decodes `message` through the wire entry points.
func roundTrip<Message: WireMessage>(_ message: Message) throws -> Message {
    try Message(wireBytes: message.wireBytes())
}
