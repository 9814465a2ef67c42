import Chain
import Crypto
import Foundation
import FuzzSupport
import Node

// genesis.json as a node reads it: JSON decoding, the field checks of genesis(path:), and
// the chain configuration built from the genesis. A genesis that passes is written back the
// way `lodestone devnet` writes one and must read back to the same genesis.

/// `genesis` as a file, every field carried (the CurveZMQ keys from the file it was read
/// from: the genesis holds them as bytes, the file as Z85).
private func file(describing genesis: Genesis, curveKeys: [String]?) -> GenesisFile? {
    var allocations = [GenesisFile.Allocation]()
    for allocation in genesis.allocations {
        guard case .payToKey(let key) = allocation.program else { return nil }
        allocations.append(GenesisFile.Allocation(asset: allocation.asset, amount: allocation.amount.units, publicKey: key.description))
    }
    guard case .payToKey(let collector) = genesis.feeCollector else { return nil }
    return GenesisFile(
        chainName: genesis.chainName, timestampMs: genesis.timestampMs, blockIntervalMs: genesis.blockIntervalMs, suite: genesis.suite,
        nativeAsset: genesis.nativeAsset, assets: genesis.assets.map { GenesisFile.Asset(symbol: $0.symbol, decimals: $0.decimals) },
        allocations: allocations, validators: genesis.validators, feeCollector: collector, markets: genesis.markets,
        validatorCurveKeys: curveKeys, epochLengthBlocks: genesis.epochLengthBlocks, validatorsMax: genesis.validatorsMax,
        minSelfStake: genesis.minSelfStake, unlockDelayBlocks: genesis.unlockDelayBlocks, voterShareBps: genesis.voterShareBps,
        peg: genesis.peg.map(GenesisFile.PegEntry.init))
}

/// The `fuzz-config-genesis` target (picked by `FuzzDispatch`).
func fuzzConfigGenesis(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let json = Data(bytes: data, count: size)
    guard let decoded = try? JSONDecoder().decode(GenesisFile.self, from: json) else { return 0 }
    let read = try? JSONDecoder().decode(GenesisFile.self, from: ConfigJSON.encode(decoded))
    FuzzInput.require(read == decoded, "genesis.json write then read changed the file")
    guard let genesis = try? decoded.genesis(path: "genesis.json") else { return 0 }
    _ = try? decoded.config(path: "genesis.json")
    guard let rewritten = file(describing: genesis, curveKeys: decoded.validatorCurveKeys) else {
        FuzzInput.require(false, "a checked genesis pays allocations or fees to a program a file cannot name")
        return 0
    }
    FuzzInput.require((try? rewritten.genesis(path: "genesis.json")) == genesis, "genesis -> file -> genesis changed the genesis")
    return 0
}
