import Chain

extension SimWorld {
    /// Evidence a finalized block carries (none until blocks carry evidence).
    static func evidenceCount(in block: Block) -> Int { 0 }
}
