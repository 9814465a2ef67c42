import Crypto

/// Signature checks known to pass, shared between the threads that verify ahead of
/// admission (`Mempool.preverify`) and the pool's admission, which then answers them
/// without the curve arithmetic (Bitcoin Core keeps such a cache for the same reason).
/// Only passing checks are kept: a failure is never remembered, so nobody can fill the
/// cache with garbage for free. Bounded: past its capacity, the oldest are forgotten first.
typealias SignatureCache = BoundedSet<CryptoCheck>
