import Foundation
import LodestoneWire

/// Valid messages of every type and variant, shared by the tests: each test breaks one
/// field of a valid message, so a failure names exactly the rule under test.
enum WireFixtures {
    static let market = "BTC-USDT"

    /// A 32-byte ID made of one repeated byte, so IDs are easy to tell apart in hex.
    static func id(_ byte: UInt8) -> Data { Data(repeating: byte, count: 32) }

    /// Stands in for a transaction's canonical bytes: the wire layer never reads them.
    static let transaction = Data([0x01, 0x01, 0xAB, 0xCD, 0x00, 0x0A])
    static let signature = Data(repeating: 0x5C, count: 64)
    static let publicKey = Data(repeating: 0x7B, count: 32)

    static func cancel(_ byte: UInt8) -> Lodestone_V1_Cancel {
        .with {
            $0.orderID = id(byte)
            $0.signature = signature
        }
    }

    static func request(_ clientOrderID: String, _ body: Lodestone_V1_Request.OneOf_Body) -> Lodestone_V1_Request {
        .with {
            $0.clientOrderID = clientOrderID
            $0.body = body
        }
    }

    static let place = request("place-1", .place(.with { $0.transaction = transaction }))
    static let cancelRequest = request("cancel-1", .cancel(cancel(0x33)))
    static let burnsRequest = request(
        "burns-1",
        .burns(
            .with {
                $0.fromHeight = 7
                $0.after = id(0x44)
                $0.limit = 100
            }))
    static let submitHeadersRequest = request(
        "headers-1", .submitHeaders(.with { $0.headers = [Data(repeating: 0x5A, count: WireLimits.mainChainHeaderBytes)] }))
    static let burn = Lodestone_V1_Burn.with {
        $0.outputID = id(0x55)
        $0.asset = id(0x66)
        $0.amount = 12_000
        $0.mainChainProgram = Data([0x01]) + publicKey
        $0.height = 8
    }
    static let burnsResponse = response(
        "burns-1",
        .burns(
            .with {
                $0.burns = [burn]
                $0.height = 9
                $0.more = true
            }))

    /// One request of every body, the batch holding one of each other body.
    static var requests: [Lodestone_V1_Request] {
        let singles = [
            place,
            cancelRequest,
            request("replace-1", .replace(.with { $0.transaction = transaction })),
            request("mass-1", .massCancel(.with { $0.cancels = [cancel(0x01), cancel(0x02)] })),
            request("sub-1", .subscribeReports(.with { $0.publicKey = publicKey })),
            request(
                "sub-2",
                .subscribeReports(
                    .with {
                        $0.publicKey = publicKey
                        $0.challenge = id(0xC4)
                        $0.signature = signature
                    })),
            request("status-1", .status(.with { $0.orderID = id(0x0D) })),
            request("status-2", .status(.with { $0.transactionID = id(0x0E) })),
            burnsRequest,
            submitHeadersRequest,
        ]
        return singles + [request("batch-1", .batch(.with { $0.requests = singles }))]
    }

    static func response(_ clientOrderID: String, _ result: Lodestone_V1_Response.OneOf_Result) -> Lodestone_V1_Response {
        .with {
            $0.clientOrderID = clientOrderID
            $0.result = result
        }
    }

    static let reject = Lodestone_V1_Reject.with {
        $0.code = 8301
        $0.name = "mempool_full"
        $0.text = "pool at its count limit"
    }

    static func report(_ sequence: UInt64, _ kind: Lodestone_V1_ExecutionReport.OneOf_Kind) -> Lodestone_V1_ExecutionReport {
        .with {
            $0.sequence = sequence
            $0.clientOrderID = "place-1"
            $0.kind = kind
        }
    }

    static let fill = Lodestone_V1_Fill.with {
        $0.orderID = id(0x0A)
        $0.market = market
        $0.side = .buy
        $0.price = 30_000_000_000
        $0.size = 10_000
        $0.fee = 30
        $0.isMaker = true
        $0.height = 7
        $0.remainingSize = 20_000
    }

    static var responses: [Lodestone_V1_Response] {
        let singles: [Lodestone_V1_Response] = [
            response(
                "place-1",
                .ack(
                    .with {
                        $0.transactionID = id(0x7A)
                        $0.orderIds = [id(0x0A), id(0x0B)]
                    })),
            response("cancel-1", .ack(.with { $0.orderIds = [id(0x33)] })),
            response("place-2", .reject(reject)),
            response(
                "",
                .reject(
                    .with {
                        $0.code = 7102
                        $0.name = "malformed_message"
                    })),
            response(
                "status-1",
                .status(
                    .with {
                        $0.state = .resting
                        $0.height = 7
                        $0.market = market
                        $0.side = .sell
                        $0.price = 30_000_000_000
                        $0.remainingSize = 20_000
                        $0.filledSize = 10_000
                    })),
            response("status-2", .status(.with { $0.state = .pending })),
            response("sub-1", .challenge(.with { $0.nonce = id(0xC4) })),
            burnsResponse,
        ]
        return singles + [response("batch-1", .batch(.with { $0.responses = singles }))]
    }

    static var reports: [Lodestone_V1_ExecutionReport] {
        [
            report(
                1,
                .accepted(
                    .with {
                        $0.height = 7
                        $0.transactionID = id(0x7A)
                        $0.orderIds = [id(0x0A)]
                    })),
            report(2, .fill(fill)),
            report(
                3,
                .done(
                    .with {
                        $0.orderID = id(0x0A)
                        $0.reason = .filled
                        $0.height = 8
                    })),
            report(
                4,
                .cancelled(
                    .with {
                        $0.orderID = id(0x0B)
                        $0.reason = .ioc
                        $0.size = 5_000
                        $0.height = 8
                    })),
            report(
                5,
                .expired(
                    .with {
                        $0.orderID = id(0x0C)
                        $0.size = 10_000
                        $0.height = 9
                    })),
            report(
                6,
                .dropped(
                    .with {
                        $0.transactionID = id(0x7B)
                        $0.reason = reject
                    })),
            report(
                7,
                .dropped(
                    .with {
                        $0.orderID = id(0x33)
                        $0.reason = reject
                    })),
        ]
    }

    /// The gateway cut a subscriber off after its report 9 (docs/PROTOCOL.md §8.7 vector).
    static let subscriptionEnded = Lodestone_V1_SubscriptionEnded.with {
        $0.publicKey = publicKey
        $0.reason = .with {
            $0.code = 7215
            $0.name = "cut_off"
            $0.text = "not reading"
        }
        $0.lastSequence = 9
    }

    static var serverMessages: [Lodestone_V1_ServerMessage] {
        responses.map { response in .with { $0.response = response } }
            + reports.map { report in .with { $0.report = report } }
            + [.with { $0.subscriptionEnded = subscriptionEnded }]
    }

    static func level(_ price: UInt64, _ size: UInt64) -> Lodestone_V1_Level {
        .with {
            $0.price = price
            $0.size = size
        }
    }

    static let l2Update = Lodestone_V1_L2Update.with {
        $0.market = market
        $0.height = 7
        $0.bids = [level(30_000_000_000, 20_000), level(29_990_000_000, 0)]
        $0.asks = [level(30_010_000_000, 10_000)]
    }

    static func change(_ kind: Lodestone_V1_OrderChange.Kind, _ size: UInt64) -> Lodestone_V1_OrderChange {
        .with {
            $0.kind = kind
            $0.orderID = id(0x0A)
            $0.side = .buy
            $0.price = 30_000_000_000
            $0.size = size
            if kind == .replaced { $0.newOrderID = id(0x0F) }
        }
    }

    static let l3Update = Lodestone_V1_L3Update.with {
        $0.market = market
        $0.height = 7
        $0.changes = [change(.added, 30_000), change(.reduced, 20_000), change(.replaced, 10_000), change(.removed, 0)]
    }

    /// The trade docs/PROTOCOL.md §8 shows as a frame vector.
    static let trade = Lodestone_V1_Trade.with {
        $0.market = market
        $0.makerOrderID = id(0x11)
        $0.takerOrderID = id(0x22)
        $0.takerSide = .sell
        $0.price = 30_000_000_000
        $0.size = 10_000
        $0.height = 7
    }

    static let blockSummary = Lodestone_V1_BlockSummary.with {
        $0.height = 7
        $0.hash = id(0xB7)
        $0.transactionCount = 120
        $0.cancelCount = 4
        $0.fillCount = 35
        $0.timestampMs = 1_700_000_000_000
    }

    static let heartbeat = Lodestone_V1_Heartbeat.with {
        $0.topic = "l2.BTC-USDT"
        $0.lastSequence = 41
    }

    static let feedBodies: [FeedBody] = [.l2(l2Update), .l3(l3Update), .trade(trade), .block(blockSummary), .heartbeat(heartbeat)]

    static func order(_ byte: UInt8, _ side: Lodestone_V1_Side, _ price: UInt64) -> Lodestone_V1_Order {
        .with {
            $0.orderID = id(byte)
            $0.side = side
            $0.price = price
            $0.size = 10_000
        }
    }

    static let snapshotRequests: [Lodestone_V1_SnapshotRequest] = [
        .with {
            $0.market = market
            $0.depth = .l2
        },
        .with {
            $0.market = "ETH-BTC"
            $0.depth = .l3
        },
    ]

    static let l2Snapshot = Lodestone_V1_SnapshotResponse.with {
        $0.market = market
        $0.depth = .l2
        $0.sequence = 41
        $0.height = 7
        $0.bids = [level(30_000_000_000, 20_000), level(29_990_000_000, 10_000)]
        $0.asks = [level(30_010_000_000, 10_000)]
        $0.isLast = true
    }

    static let l3Snapshot = Lodestone_V1_SnapshotResponse.with {
        $0.market = market
        $0.depth = .l3
        $0.sequence = 12
        $0.height = 7
        $0.orders = [
            order(0x01, .buy, 30_000_000_000), order(0x02, .buy, 30_000_000_000), order(0x03, .buy, 29_990_000_000),
            order(0x04, .sell, 30_010_000_000), order(0x05, .sell, 30_020_000_000),
        ]
        $0.part = 2
        $0.isLast = false
    }

    static let refusedSnapshot = Lodestone_V1_SnapshotResponse.with {
        $0.market = "DOGE-USDT"
        $0.depth = .l2
        $0.reject = .with {
            $0.code = 8002
            $0.name = "unknown_market"
            $0.text = "no market DOGE-USDT"
        }
        $0.isLast = true
    }

    static let snapshotResponses = [l2Snapshot, l3Snapshot, refusedSnapshot]

    /// Lowercase hex, as docs/PROTOCOL.md prints bytes.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
