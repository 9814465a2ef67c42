import Crypto
import Primitives
import ZeroMQ

/// One entry of node.json `consensus_peers`: a node this one talks consensus with.
public struct ConsensusPeerEntry: Codable, Sendable, Equatable {
    /// The peer's signing key (hex): who it is in the validator set, or a follower's identity.
    public var publicKey: String
    /// The peer's CURVE public key (Z85, 40 characters): what its connections authenticate as.
    public var curveKey: String
    /// The peer's consensus ROUTER, where this node's DEALER connects.
    public var endpoint: String

    public init(publicKey: String, curveKey: String, endpoint: String) {
        self.publicKey = publicKey
        self.curveKey = curveKey
        self.endpoint = endpoint
    }

    enum CodingKeys: String, CodingKey {
        case publicKey = "public_key"
        case curveKey = "curve_key"
        case endpoint
    }

    /// Throws naming `field.<key>` for a key that is not hex or Z85, or a bad endpoint.
    func check(_ check: FieldCheck, field: String) throws(NodeError) {
        let bytes = try? Hex.decode(publicKey)
        try check.that(bytes.map { (try? PublicKey(bytes: $0)) != nil } == true, "\(field).public_key", "not a public key (hex)")
        try check.that((try? ZMQCurveKey(z85: curveKey)) != nil, "\(field).curve_key", "not a CURVE public key (40 Z85 characters)")
        try check.endpoint(endpoint, field: "\(field).endpoint")
    }
}
