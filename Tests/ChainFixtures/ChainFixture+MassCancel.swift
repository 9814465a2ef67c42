import Chain
import Crypto
import Ledger
import Primitives

extension ChainFixture {
    /// Proposes, verifies (as a follower would) and commits one block with cancel-alls and
    /// dead-man switches.
    @discardableResult
    mutating func massBlock(
        _ transactions: [Transaction] = [], cancelAlls: [CancelAllRequest] = [], deadManSwitches: [DeadManSwitch] = []
    ) throws -> (Block, BlockOutcome) {
        clockMs += 100
        let (block, outcome) = try state.proposeBlock(
            transactions: transactions, cancels: [], cancelAlls: cancelAlls, deadManSwitches: deadManSwitches,
            timestampMs: clockMs, proposer: validator, lastCommit: try lastCommit())
        let verified = try state.verify(block)
        precondition(verified.settlements == outcome.settlements)
        state.commit(outcome, header: block.header)
        return (block, outcome)
    }

    /// A cancel-all signed by `key` for this chain.
    func cancelAll(_ key: any SigningKey, market: UInt32? = nil, upTo height: UInt64) throws -> CancelAllRequest {
        try CancelAllRequest.signed(market: market, createdUpToHeight: height, chainID: config.chainID, key: key, suite: Self.suite)
    }

    /// A dead-man switch signed by `key` for this chain.
    func deadMan(_ key: any SigningKey, market: UInt32? = nil, at height: UInt64) throws -> DeadManSwitch {
        try DeadManSwitch.signed(market: market, triggerHeight: height, chainID: config.chainID, key: key, suite: Self.suite)
    }

    /// The error a block proposed from this state gives the one cancel-all or switch, if it was left out.
    func refusal(cancelAlls: [CancelAllRequest] = [], deadManSwitches: [DeadManSwitch] = []) throws -> ChainError? {
        let (_, outcome) = try state.proposeBlock(
            transactions: [], cancels: [], cancelAlls: cancelAlls, deadManSwitches: deadManSwitches,
            timestampMs: clockMs + 100, proposer: validator, lastCommit: try lastCommit())
        return outcome.rejected.last?.error
    }
}

extension ChainFixture {
    /// A hash of 32 equal bytes.
    static func hash(_ byte: UInt8) -> Hash256 { try! Hash256(bytes: [UInt8](repeating: byte, count: 32)) }
}
