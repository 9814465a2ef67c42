import Crypto
import Ledger
import Markets
import Primitives

// The canonical encoding of a genesis: its hash is the chain ID.

extension Allocation: CanonicalEncodable {
    public func encode(to writer: inout ByteWriter) {
        writer.writeBytes(Array(asset.utf8))
        writer.write(amount)
        program.encode(to: &writer)
    }
}

extension MarketDefinition: CanonicalEncodable {
    public func encode(to writer: inout ByteWriter) {
        for text in [symbol, baseAsset, quoteAsset] { writer.writeBytes(Array(text.utf8)) }
        for value in [tickSize, lotSize, minSize] { writer.writeVarint(value) }
        writer.write(makerFeeBps)
        writer.write(takerFeeBps)
        writer.writeBytes(Array(selfTradePolicy.rawValue.utf8))
        writer.writeBytes(Array(status.rawValue.utf8))
        for bound in [minPriceTicks, maxPriceTicks] {
            writer.write(bound != nil)
            if let bound { writer.writeVarint(bound) }
        }
        writer.write(baseDecimals)
        writer.write(quoteDecimals)
    }
}

extension Genesis: CanonicalEncodable {
    public func encode(to writer: inout ByteWriter) {
        writer.writeBytes(Array(chainName.utf8))
        writer.write(timestampMs)
        writer.write(blockIntervalMs)
        writer.write(suite.rawValue)
        writer.writeBytes(Array(nativeAsset.utf8))
        writer.writeArray(assets)
        writer.writeArray(allocations)
        writer.writeArray(validators)
        feeCollector.encode(to: &writer)
        writer.writeArray(markets)
        writer.writeVarint(UInt64(validatorNetworkKeys.count))
        for key in validatorNetworkKeys { writer.writeBytes(key) }
        writer.write(epochLengthBlocks)
        writer.write(UInt64(validatorsMax))
        writer.write(minSelfStake)
        writer.write(unlockDelayBlocks)
        writer.write(voterShareBps)
        // Only a chain with a peg writes anything more (a presence byte, then the section),
        // so every genesis without one keeps its encoding and chain ID. The fields before
        // are self-delimiting, so the two forms cannot collide.
        if let peg {
            writer.write(true)
            peg.encode(to: &writer)
        }
    }

    /// The chain ID: the tagged hash of this genesis.
    public func chainID(suite: any CryptoSuite) -> Hash256 { suite.hash(.genesis, canonicalBytes) }
}
