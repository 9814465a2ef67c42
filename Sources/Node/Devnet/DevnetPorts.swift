/// The fixed TCP ports of a devnet's nodes on 127.0.0.1, all from one base port (7401 by
/// default), so that the Python client, the docs and `lodestone status` find them:
///
///     follower (or the single validator)  intake base      gateway base+10
///                                          feeds  base+20   snapshots base+21   consensus base+30
///     validator k (from 1)                 consensus base+30+k   intake base+50+k
///
/// Validators serve no gateway, and their feeds take any free port (nobody subscribes there).
public struct DevnetPorts: Sendable, Equatable {
    public static let defaultBase: UInt16 = 7401
    /// Ports used above the base: the last validator's intake.
    public static let span = UInt16(50 + DevnetOptions.validatorsMax)
    /// Bases whose whole span fits in the port range.
    public static let baseAllowed: ClosedRange<UInt16> = 1_024...(UInt16.max - span)

    public let base: UInt16

    public init(base: UInt16 = Self.defaultBase) {
        self.base = base
    }

    public var intake: String { Self.endpoint(Int(base)) }
    public var gateway: String { Self.endpoint(Int(base) + 10) }
    public var feed: String { Self.endpoint(Int(base) + 20) }
    public var snapshot: String { Self.endpoint(Int(base) + 21) }
    /// The follower's consensus ROUTER (it syncs from the validators and forwards orders to them).
    public var followerConsensus: String { Self.endpoint(Int(base) + 30) }

    /// Validator `number`'s (1...`DevnetOptions.validatorsMax`) consensus ROUTER.
    public func validatorConsensus(_ number: Int) -> String { Self.endpoint(Int(base) + 30 + number) }
    /// Validator `number`'s raw intake, where `lodestone status` asks it.
    public func validatorIntake(_ number: Int) -> String { Self.endpoint(Int(base) + 50 + number) }

    /// Any free port: for sockets nobody needs to find.
    public static let anyPort = "tcp://127.0.0.1:*"

    /// Int arithmetic: a base outside `baseAllowed` makes a bad endpoint for the checks to refuse, never a trap.
    static func endpoint(_ port: Int) -> String { "tcp://127.0.0.1:\(port)" }
}

extension DevnetOptions {
    /// Serves the follower's (or the single validator's) intake, gateway and feeds on the
    /// ports of `portBase`, e.g. 7801 for a cluster test.
    public mutating func usePublicPorts() {
        let ports = DevnetPorts(base: portBase)
        intakeEndpoint = ports.intake
        gatewayEndpoint = ports.gateway
        feedEndpoint = ports.feed
        snapshotEndpoint = ports.snapshot
    }
}
