import Crypto
@testable import Ledger
import Primitives
import Testing

/// Alice offers BTC for USDT; Bob pays USDT. Prices are USDT units per BTC unit.
@Suite("Ledger: magnetic contract clauses and the per-seller settlement rule")
struct MagneticOrderTests {
    struct Book {
        var f = LedgerFixture()
        let aliceOrder: Hash256
        let bobUSDT: Hash256

        init(orderUnits: UInt64 = 10, price: (UInt64, UInt64) = (30_000, 1), flags: MagneticOrder.Flags = [], expiry: UInt64? = nil) {
            var f = LedgerFixture()
            aliceOrder = f.fund(f.btc, orderUnits, f.order(by: f.alice, requesting: f.usdt, price: price, flags: flags, expiry: expiry))
            bobUSDT = f.fund(f.usdt, 1_000_000, f.payTo(f.bob))
            self.f = f
        }

        var orderProgram: ControlProgram { f.utxos.unspentOutput(aliceOrder)!.program }

        /// Bob takes `filled` BTC from Alice's order, paying Alice `paid` USDT. `bobBTC`
        /// overrides what Bob's output receives, to keep a lying witness balanced.
        func settlement(filled: UInt64, paid: UInt64, remainder: Output? = nil, bobBTC: UInt64? = nil) -> Transaction {
            var outputs = [
                Output(asset: f.usdt, amount: Amount(paid), program: f.payTo(f.alice)),
                Output(asset: f.btc, amount: Amount(bobBTC ?? filled), program: f.payTo(f.bob)),
                Output(asset: f.usdt, amount: Amount(1_000_000 - paid), program: f.payTo(f.bob)),
            ]
            if let remainder { outputs.append(remainder) }
            return f.sign(Transaction(
                inputs: [
                    Input(spending: aliceOrder, witness: .fillOrder(filled: Amount(filled), remainderOutput: remainder == nil ? nil : 3)),
                    Input(spending: bobUSDT, witness: .signature(LedgerFixture.unsigned)),
                ],
                outputs: outputs), keys: [1: f.bob])
        }
    }

    @Test("a full fill paying the seller exactly floor(filled × price) is valid")
    func fullFill() throws {
        let book = Book()
        try book.f.validate(book.settlement(filled: 10, paid: 300_000))
    }

    @Test("short-paying the seller by one unit is seller_short_paid (3022)")
    func shortPayByOne() throws {
        let book = Book()
        #expect(throws: LedgerError.sellerShortPaid(asset: book.f.usdt, owed: 300_000, paid: 299_999)) {
            try book.f.validate(book.settlement(filled: 10, paid: 299_999))
        }
    }

    @Test("proceeds round down: at 7/3 a fill of 10 owes 23, and 22 is short")
    func roundingFavoursNoOneBeyondFloor() throws {
        let book = Book(price: (7, 3))
        try book.f.validate(book.settlement(filled: 10, paid: 23))
        #expect(throws: LedgerError.sellerShortPaid(asset: book.f.usdt, owed: 23, paid: 22)) {
            try book.f.validate(book.settlement(filled: 10, paid: 22))
        }
    }

    @Test("a fee cap lets the seller receive gross − ceil(gross × cap / 10000): at 25 bps on 300000, 299250 is enough and 299249 short")
    func feeCap() throws {
        var f = LedgerFixture()
        let ask = f.fund(f.btc, 10, f.order(by: f.alice, requesting: f.usdt, price: (30_000, 1), maxFeeBps: 25))
        let cash = f.fund(f.usdt, 300_000, f.payTo(f.bob))
        func settle(paying paid: UInt64) -> Transaction {
            f.sign(Transaction(
                inputs: [
                    Input(spending: ask, witness: .fillOrder(filled: Amount(10), remainderOutput: nil)),
                    Input(spending: cash, witness: .signature(LedgerFixture.unsigned)),
                ],
                outputs: [
                    Output(asset: f.usdt, amount: Amount(paid), program: f.payTo(f.alice)),
                    Output(asset: f.usdt, amount: Amount(300_000 - paid), program: f.payTo(f.carol)),
                    Output(asset: f.btc, amount: Amount(10), program: f.payTo(f.bob)),
                ]), keys: [1: f.bob])
        }
        try f.validate(settle(paying: 299_250))
        #expect(throws: LedgerError.sellerShortPaid(asset: f.usdt, owed: 299_250, paid: 299_249)) { try f.validate(settle(paying: 299_249)) }
    }

    @Test("a partial fill re-locking the rest under the identical contract is valid")
    func partialFill() throws {
        let book = Book()
        let rest = Output(asset: book.f.btc, amount: Amount(6), program: book.orderProgram)
        try book.f.validate(book.settlement(filled: 4, paid: 120_000, remainder: rest))
    }

    @Test("a partial-fill remainder with changed terms is remainder_mismatch (3019)")
    func remainderTermsChanged() throws {
        let book = Book()
        let worse = book.f.order(by: book.f.alice, requesting: book.f.usdt, price: (30_001, 1))
        let rest = Output(asset: book.f.btc, amount: Amount(6), program: worse)
        #expect(throws: LedgerError.remainderMismatch(input: 0, reason: "must re-lock 6 under the identical contract")) {
            try book.f.validate(book.settlement(filled: 4, paid: 120_000, remainder: rest))
        }
        let stolenSeller = ControlProgram.magneticOrder(MagneticOrder(
            requestedAsset: book.f.usdt, price: try Ratio(30_000, 1), sellerProgram: book.f.payTo(book.f.bob),
            sellerKey: book.f.alice.publicKey))
        let redirected = Output(asset: book.f.btc, amount: Amount(6), program: stolenSeller)
        #expect(throws: LedgerError.self) { try book.f.validate(book.settlement(filled: 4, paid: 120_000, remainder: redirected)) }
    }

    @Test("a partial fill without a remainder output is remainder_mismatch")
    func partialWithoutRemainder() throws {
        let book = Book()
        #expect(throws: LedgerError.remainderMismatch(input: 0, reason: "is missing for a partial fill")) {
            try book.f.validate(book.settlement(filled: 4, paid: 120_000, bobBTC: 10))
        }
    }

    @Test("a fill of zero or of more than the order holds is fill_out_of_range (3018)")
    func fillOutOfRange() throws {
        let book = Book()
        #expect(throws: LedgerError.fillOutOfRange(input: 0, filled: 11, available: 10)) {
            try book.f.validate(book.settlement(filled: 11, paid: 330_000, bobBTC: 10))
        }
        #expect(throws: LedgerError.fillOutOfRange(input: 0, filled: 0, available: 10)) {
            try book.f.validate(book.settlement(filled: 0, paid: 1, bobBTC: 10))
        }
    }

    @Test("two orders of one seller settle into one netted output; one unit less is short")
    func netting() throws {
        var f = LedgerFixture()
        let first = f.fund(f.btc, 10, f.order(by: f.alice, requesting: f.usdt, price: (30_000, 1)))
        let second = f.fund(f.btc, 5, f.order(by: f.alice, requesting: f.usdt, price: (31_000, 1)))
        let cash = f.fund(f.usdt, 455_000, f.payTo(f.bob))
        func settle(paying paid: UInt64) -> Transaction {
            f.sign(Transaction(
                inputs: [
                    Input(spending: first, witness: .fillOrder(filled: Amount(10), remainderOutput: nil)),
                    Input(spending: second, witness: .fillOrder(filled: Amount(5), remainderOutput: nil)),
                    Input(spending: cash, witness: .signature(LedgerFixture.unsigned)),
                ],
                outputs: [
                    Output(asset: f.usdt, amount: Amount(paid), program: f.payTo(f.alice)),
                    Output(asset: f.btc, amount: Amount(15), program: f.payTo(f.bob)),
                ] + (paid < 455_000 ? [Output(asset: f.usdt, amount: Amount(455_000 - paid), program: f.payTo(f.bob))] : [])),
                keys: [2: f.bob])
        }
        try f.validate(settle(paying: 455_000))
        #expect(throws: LedgerError.sellerShortPaid(asset: f.usdt, owed: 455_000, paid: 454_999)) { try f.validate(settle(paying: 454_999)) }
    }

    @Test("two crossing orders settle against each other with no signature at all")
    func orderAgainstOrder() throws {
        var f = LedgerFixture()
        let ask = f.fund(f.btc, 10, f.order(by: f.alice, requesting: f.usdt, price: (30_000, 1)))
        let bid = f.fund(f.usdt, 300_000, f.order(by: f.bob, requesting: f.btc, price: (1, 30_000)))
        let tx = Transaction(
            inputs: [
                Input(spending: ask, witness: .fillOrder(filled: Amount(10), remainderOutput: nil)),
                Input(spending: bid, witness: .fillOrder(filled: Amount(300_000), remainderOutput: nil)),
            ],
            outputs: [
                Output(asset: f.usdt, amount: Amount(300_000), program: f.payTo(f.alice)),
                Output(asset: f.btc, amount: Amount(10), program: f.payTo(f.bob)),
            ])
        try f.validate(tx)
    }

    @Test("the seller's key cancels with outputs anywhere; another key is bad_signature")
    func cancel() throws {
        let book = Book()
        let cancel = Transaction(
            inputs: [Input(spending: book.aliceOrder, witness: .cancelOrder(LedgerFixture.unsigned))],
            outputs: [Output(asset: book.f.btc, amount: Amount(10), program: book.f.payTo(book.f.carol))])
        try book.f.validate(book.f.sign(cancel, keys: [0: book.f.alice]))
        #expect(throws: LedgerError.badSignature(input: 0)) { try book.f.validate(book.f.sign(cancel, keys: [0: book.f.bob])) }
    }

    @Test("a return pays the seller program the whole order back; paying anyone else is seller_short_paid")
    func returnClause() throws {
        func returning(_ book: Book, to program: ControlProgram) -> Transaction {
            Transaction(
                inputs: [Input(spending: book.aliceOrder, witness: .returnOrder(filled: .zero))],
                outputs: [Output(asset: book.f.btc, amount: Amount(10), program: program)])
        }
        let ioc = Book(flags: .immediateOrCancel)
        try ioc.f.validate(returning(ioc, to: ioc.f.payTo(ioc.f.alice)))
        #expect(throws: LedgerError.sellerShortPaid(asset: ioc.f.btc, owed: 10, paid: 0)) {
            try ioc.f.validate(returning(ioc, to: ioc.f.payTo(ioc.f.bob)))
        }
        let resting = Book(expiry: 15)
        try resting.f.validate(returning(resting, to: resting.f.payTo(resting.f.alice)))
    }

    @Test("a cancel signed for the order ID still cancels after a partial fill moved the order to a new output; the rest must go back to the seller")
    func cancelByOrderIDAfterPartialFill() throws {
        var book = Book()
        let orderID = book.aliceOrder
        let rest = Output(asset: book.f.btc, amount: Amount(6), program: book.orderProgram)
        let fill = book.settlement(filled: 4, paid: 120_000, remainder: rest)
        try book.f.validate(fill)
        let remainderID = book.f.utxos.apply(fill, suite: book.f.suite)[3]
        #expect(book.f.utxos.resolvedOrderID(ofOutput: remainderID) == orderID)

        let message = Transaction.cancelMessage(chainID: book.f.chainID, orderID: orderID, suite: book.f.suite)
        let signature = try book.f.suite.sign(message.bytes, with: book.f.alice)
        func cancel(to program: ControlProgram, signature: Signature) -> Transaction {
            Transaction(
                inputs: [Input(spending: remainderID, witness: .cancelByOrderID(signature))],
                outputs: [Output(asset: book.f.btc, amount: Amount(6), program: program)])
        }
        try book.f.validate(cancel(to: book.f.payTo(book.f.alice), signature: signature))
        #expect(throws: LedgerError.sellerShortPaid(asset: book.f.btc, owed: 6, paid: 0)) {
            try book.f.validate(cancel(to: book.f.payTo(book.f.bob), signature: signature))
        }
        let forged = try book.f.suite.sign(message.bytes, with: book.f.bob)
        #expect(throws: LedgerError.badSignature(input: 0)) { try book.f.validate(cancel(to: book.f.payTo(book.f.alice), signature: forged)) }
        let otherChain = Transaction.cancelMessage(chainID: book.f.otherChainID, orderID: orderID, suite: book.f.suite)
        let replayed = try book.f.suite.sign(otherChain.bytes, with: book.f.alice)
        #expect(throws: LedgerError.badSignature(input: 0)) { try book.f.validate(cancel(to: book.f.payTo(book.f.alice), signature: replayed)) }
    }

    @Test("a partly filled IOC order pays its proceeds and returns the rest in one return clause")
    func partlyFilledIOC() throws {
        let book = Book(flags: .immediateOrCancel)
        let tx = book.f.sign(Transaction(
            inputs: [
                Input(spending: book.aliceOrder, witness: .returnOrder(filled: Amount(4))),
                Input(spending: book.bobUSDT, witness: .signature(LedgerFixture.unsigned)),
            ],
            outputs: [
                Output(asset: book.f.usdt, amount: Amount(120_000), program: book.f.payTo(book.f.alice)),
                Output(asset: book.f.btc, amount: Amount(6), program: book.f.payTo(book.f.alice)),
                Output(asset: book.f.btc, amount: Amount(4), program: book.f.payTo(book.f.bob)),
                Output(asset: book.f.usdt, amount: Amount(880_000), program: book.f.payTo(book.f.bob)),
            ]), keys: [1: book.f.bob])
        try book.f.validate(tx)
    }

    @Test("one output claimed as the remainder of two orders is remainder_claimed_twice (3020)")
    func remainderClaimedTwice() throws {
        var f = LedgerFixture()
        let program = f.order(by: f.alice, requesting: f.usdt, price: (1, 1))
        let a = f.fund(f.btc, 10, program)
        let b = f.fund(f.btc, 10, program)
        let cash = f.fund(f.usdt, 10, f.payTo(f.bob))
        let tx = f.sign(Transaction(
            inputs: [
                Input(spending: a, witness: .fillOrder(filled: Amount(5), remainderOutput: 0)),
                Input(spending: b, witness: .fillOrder(filled: Amount(5), remainderOutput: 0)),
                Input(spending: cash, witness: .signature(LedgerFixture.unsigned)),
            ],
            outputs: [
                Output(asset: f.btc, amount: Amount(5), program: program),
                Output(asset: f.btc, amount: Amount(15), program: f.payTo(f.bob)),
                Output(asset: f.usdt, amount: Amount(10), program: f.payTo(f.alice)),
            ]), keys: [2: f.bob])
        #expect(throws: LedgerError.remainderClaimedTwice(output: 0)) { try f.validate(tx) }
    }

    @Test("an order may not request the asset it offers, and its seller program must be a payout program")
    func orderWellFormed() throws {
        var f = LedgerFixture()
        let coin = f.fund(f.btc, 10, f.payTo(f.alice))
        let selfTrade = f.sign(Transaction(
            inputs: [Input(spending: coin, witness: .signature(LedgerFixture.unsigned))],
            outputs: [Output(asset: f.btc, amount: Amount(10), program: f.order(by: f.alice, requesting: f.btc, price: (1, 1)))]), keys: [0: f.alice])
        #expect(throws: LedgerError.invalidProgram(output: 0, reason: "an order cannot request the asset it offers")) { try f.validate(selfTrade) }
    }

    @Test("traderKey is the pay-to-key owner or the order's seller, and nil for a multisig")
    func traderKey() {
        let f = LedgerFixture()
        #expect(f.payTo(f.alice).traderKey == f.alice.publicKey)
        #expect(f.order(by: f.bob, requesting: f.usdt, price: (1, 1)).traderKey == f.bob.publicKey)
        #expect(ControlProgram.multisig(threshold: 1, keys: [f.alice.publicKey]).traderKey == nil)
    }
}
