/// The fixed TCP ports of a devnet's nodes on 127.0.0.1, all from one base port (7401 by
/// default), so that the Python client, the docs and `lodestone status` find them:
///
///     follower (or the single validator)  intake base      gateway base+10
///                                          feeds  base+20   snapshots base+21   consensus base+30
///     validator k (from 1)                 consensus base+30+k   intake base+50+k
///     main chain (a devnet with a peg)     RPC base+67  block notifications base+68
///     federation member k (from 1)         share exchange base+70+k
///
/// Validators serve no gateway, and their feeds take any free port (nobody subscribes there).
public struct DevnetPorts: Sendable, Equatable {
    public static let defaultBase: UInt16 = 7401
    /// Most federation members whose share ports are reserved above the base.
    public static let federationMembersMax = 16
    /// Ports used above the base: the last federation member's share endpoint (above the
    /// last validator's intake, base+50+`validatorsMax`).
    public static let span = UInt16(70 + federationMembersMax)
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

    /// The main chain's RPC (ROUTER) of a devnet with a peg.
    public var mainChainRPC: String { Self.endpoint(Int(base) + 67) }
    /// The main chain's block notifications (PUB).
    public var mainChainPub: String { Self.endpoint(Int(base) + 68) }
    /// Federation member `number`'s (1...`federationMembersMax`) share exchange (PUB).
    public func federationShare(_ number: Int) -> String { Self.endpoint(Int(base) + 70 + number) }

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
