/// CURVE security (CurveZMQ): key generation and whether libzmq supports it.
///
/// A server sets `curveServer` and its `curveSecretKey`; a client sets its own key pair and
/// the server's public key as `curveServerKey`. Connections then authenticate the server and
/// encrypt every frame.
public enum ZMQCurve {
    /// Whether the linked libzmq was built with CURVE.
    public static var isAvailable: Bool { LibZMQ.hasCurve }

    /// A fresh random key pair from libzmq (zmq_curve_keypair).
    public static func generateKeyPair() throws(ZMQError) -> ZMQCurveKeyPair {
        switch LibZMQ.curveKeyPair() {
        case .failure(let failure):
            throw ZMQError(.curveFailed, "generate a CURVE key pair", failure: failure)
        case .success(let keys):
            return ZMQCurveKeyPair(publicKey: try ZMQCurveKey(z85: keys.publicZ85), secretKey: try ZMQCurveKey(z85: keys.secretZ85))
        }
    }
}

extension ZMQCurveKeyPair {
    /// The pair of `secretKey`, its public key derived by libzmq (zmq_curve_public), so a key
    /// file need hold the secret only.
    public init(secretKey: ZMQCurveKey) throws(ZMQError) {
        switch LibZMQ.curvePublic(secretZ85: secretKey.z85) {
        case .failure(let failure): throw ZMQError(.curveFailed, "derive a CURVE public key", failure: failure)
        case .success(let publicZ85): self.init(publicKey: try ZMQCurveKey(z85: publicZ85), secretKey: secretKey)
        }
    }
}

/// A CURVE public key and its secret key.
public struct ZMQCurveKeyPair: Sendable, Hashable {
    /// The key to hand to peers.
    public let publicKey: ZMQCurveKey
    /// The key to keep; never leaves the process.
    public let secretKey: ZMQCurveKey

    /// A pair from two keys that belong together (e.g. loaded from a key file).
    public init(publicKey: ZMQCurveKey, secretKey: ZMQCurveKey) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }
}
