import Foundation
import FuzzSupport
import Node

// node.json as NodeConfiguration.load reads it: JSON decoding with defaults for missing
// keys, then the bounds check. Whatever decodes must survive the node's own write/read.

/// What `check(path:)` says: "ok" or the error.
private func verdict(_ configuration: NodeConfiguration) -> String {
    do {
        try configuration.check(path: "node.json")
        return "ok"
    } catch {
        return "\(error)"
    }
}

/// The `fuzz-config-node` target (picked by `FuzzDispatch`).
func fuzzConfigNode(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let json = Data(bytes: data, count: size)
    guard let configuration = try? JSONDecoder().decode(NodeConfiguration.self, from: json) else { return 0 }
    let checked = verdict(configuration)
    let written = ConfigJSON.encode(configuration)
    guard let read = try? JSONDecoder().decode(NodeConfiguration.self, from: written) else {
        FuzzInput.require(false, "a decoded node.json does not read back once written")
        return 0
    }
    FuzzInput.require(read == configuration, "node.json write then read changed the configuration")
    let checkedAgain = verdict(read)
    FuzzInput.require(checked == checkedAgain, "the check disagrees on the written file: \(checked) then \(checkedAgain)")
    return 0
}
