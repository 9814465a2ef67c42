import Ledger

extension EntryRules {
    /// Checks every entry rule for a transaction waiting alone for the next block (the pool's
    /// case: no block being built around it, so no expiry bucket already filling).
    package func checkPooled(_ checked: CheckedTransaction, view: some UTXOView) throws(ChainError) {
        _ = try check(checked, view: view)
    }
}
