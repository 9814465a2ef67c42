import Chain
import Crypto
import Foundation
import Gateway
import Ledger
import LodestoneWire
import Primitives
import Testing

@testable import Node

@Suite("Followers forward cancel-alls to the validators", .serialized)
struct ForwardMassTests {
    @Test("a cancel-all sent to a follower's gateway is forwarded, finalized by the validators, and the order leaves every book")
    func followerForwardsCancelAll() throws {
        let cluster = try TestCluster(validators: 4, follower: true)
        let follower = try #require(cluster.follower)
        var nodes = try cluster.validators.map { try cluster.start($0) }
        defer { ConsensusNodeTests.stopAll(nodes) }
        let followerNode = try cluster.start(follower)
        nodes.append(followerNode)
        _ = try ConsensusNodeTests.status(followerNode) { $0.height >= 2 }
        let config = try NodeSettings.load(directory: follower.directory).chain
        let maker = OrderMaker(config: config)
        let trader = cluster.devnet.trader(1)
        let (order, _) = maker.order(trader, .sell, price: 30_000_000_000, size: 1_000_000, from: maker.genesisCoin(trader, asset: "BTC"))
        let intake = try IntakeClient(endpoint: followerNode.intakeEndpoint)
        defer { intake.close() }
        #expect(try intake.submit(order, timeoutMs: ConsensusNodeTests.waitMs) == .accepted(order.id(suite: config.suite)))
        let resting = try ConsensusNodeTests.status(followerNode) { $0.books[0].asks == 1 }
        #expect(resting.books[0].asks == 1)

        let gateway = try OrderEntryClient(endpoint: try #require(followerNode.gatewayEndpoint))
        defer { gateway.close() }
        let request = try CancelAllRequest.signed(
            market: nil, createdUpToHeight: resting.height, chainID: config.chainID, key: trader, suite: config.suite)
        let answer = try gateway.send(.cancelAll(request, clientOrderID: "ca"), timeoutMs: ConsensusNodeTests.waitMs)
        guard case .ack? = answer.result else {
            Issue.record("expected an ack, got \(answer)")
            return
        }
        for node in nodes {
            #expect(try ConsensusNodeTests.status(node) { $0.books[0].asks == 0 }.books[0].asks == 0)
        }
    }
}
