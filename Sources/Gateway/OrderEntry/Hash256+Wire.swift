import Foundation
import Primitives

extension Hash256 {
    /// The ID as a protobuf `bytes` field.
    var data: Data { Data(bytes) }
}
