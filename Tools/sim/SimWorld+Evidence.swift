import Chain

extension SimWorld {
    /// Evidence a finalized block carries.
    static func evidenceCount(in block: Block) -> Int { block.evidence.count }
}
