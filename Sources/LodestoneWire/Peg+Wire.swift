import Foundation

// The peg's order-entry requests and answers (docs/PROTOCOL.md §8.2, §8.3): shapes only;
// whether the chain has a peg and whether a header decodes is the gateway's to judge.

extension Lodestone_V1_BurnsQuery {
    /// A cursor of 32 bytes or none, and a limit of 1 ... `WireLimits.burnsPageMax`.
    func validate() throws(WireError) {
        try WireCheck.optionalID(after, "after")
        guard (1...UInt32(WireLimits.burnsPageMax)).contains(limit) else {
            throw WireError(.invalidValue, field: "limit", "\(limit), want 1...\(WireLimits.burnsPageMax)")
        }
    }
}

extension Lodestone_V1_SubmitMainChainHeaders {
    /// 1 ... `WireLimits.submittedHeadersMax` headers of `WireLimits.mainChainHeaderBytes` each.
    func validate() throws(WireError) {
        try WireCheck.nonEmptyCount(headers.count, max: WireLimits.submittedHeadersMax, "headers")
        for (index, header) in headers.enumerated() {
            try WireCheck.length(
                header, in: WireLimits.mainChainHeaderBytes...WireLimits.mainChainHeaderBytes, "headers[\(index)]")
        }
    }
}

extension Lodestone_V1_Burns {
    /// At most `WireLimits.burnsPageMax` valid burns, in height then output-ID order, none
    /// above the page's `height`.
    func validate() throws(WireError) {
        try WireCheck.count(burns.count, max: WireLimits.burnsPageMax, "burns")
        var previous: (height: UInt64, outputID: Data)?
        for (index, burn) in burns.enumerated() {
            do { try burn.validate() } catch { throw error.within("burns[\(index)]") }
            guard burn.height <= height else {
                throw WireError(.invalidValue, field: "burns[\(index)].height", "\(burn.height) is above the page's height \(height)")
            }
            if let previous,
                !(previous.height < burn.height
                    || (previous.height == burn.height && previous.outputID.lexicographicallyPrecedes(burn.outputID)))
            {
                throw WireError(.invalidValue, field: "burns[\(index)]", "burns must be in height then output-ID order")
            }
            previous = (burn.height, burn.outputID)
        }
    }
}

extension Lodestone_V1_Burn {
    /// 32-byte output ID and asset, an amount above 0, a program of 1 ... 128 bytes and a
    /// height of at least 1.
    func validate() throws(WireError) {
        try WireCheck.id(outputID, "output_id")
        try WireCheck.id(asset, "asset")
        try WireCheck.positive(amount, "amount")
        try WireCheck.length(mainChainProgram, in: 1...WireLimits.maxMainChainProgramBytes, "main_chain_program")
        try WireCheck.positive(height, "height")
    }
}
