import Crypto
import Dispatch
import Foundation

/// The machine's Schnorr verifications per second on all cores, measured in the same run:
/// every order costs the node at least one verification, so this is the ceiling the
/// accepted-orders rate is judged against.
public enum VerifyCeiling {
    public static func measure(seconds: Double = 1.0) throws -> (perSecond: Double, cores: Int) {
        let suite = SchnorrSecp256k1Suite()
        let key = try suite.signingKey(secret: [UInt8](repeating: 7, count: 32))
        let message = [UInt8](repeating: 0x5A, count: 32)
        let signature = try suite.sign(message, with: key)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let counts = Counts(cores)
        let deadline = Monotonic.nowNs() + UInt64(seconds * 1e9)
        let started = Monotonic.nowNs()
        DispatchQueue.concurrentPerform(iterations: cores) { core in
            var done = 0
            while Monotonic.nowNs() < deadline {
                for _ in 0..<64 where suite.verify(signature, of: message, by: key.publicKey) { done += 1 }
            }
            counts.set(core, done)
        }
        let elapsed = Double(Monotonic.nowNs() - started) / 1e9
        return (Double(counts.total) / elapsed, cores)
    }

    private final class Counts: @unchecked Sendable {
        private var values: [Int]
        private let lock = NSLock()
        init(_ count: Int) { values = Array(repeating: 0, count: count) }
        func set(_ index: Int, _ value: Int) { lock.withLock { values[index] = value } }
        var total: Int { lock.withLock { values.reduce(0, +) } }
    }
}
