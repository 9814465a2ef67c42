import Crypto
import Primitives
import PropertyBased
import Testing
import TestSupport

@testable import Chain

/// Certificates, validator sets and evidence: the checks every receiver relies on because it
/// trusts no aggregator.
@Suite struct FinalityTypesTests {
    static let suite = SchnorrSecp256k1Suite()
    static let keys: [any SigningKey] = (1...7).map { byte in
        // Fixed secrets: the same keys on every run.
        try! suite.signingKey(secret: [UInt8](repeating: UInt8(byte), count: 32))
    }
    static let chainID = try! Hash256(bytes: [UInt8](repeating: 0x42, count: 32))
    static let blockID = try! Hash256(bytes: [UInt8](repeating: 0xB1, count: 32))

    static func set(stakes: [UInt64]) throws -> ValidatorSet {
        try ValidatorSet(members: zip(keys, stakes).map { .init(key: $0.publicKey, stake: $1) }, suite: suite)
    }

    static func target(_ blockID: Hash256? = FinalityTypesTests.blockID, height: UInt64 = 5) -> VoteTarget {
        VoteTarget(chainID: chainID, height: height, round: 0, phase: .precommit, blockID: blockID)
    }

    static func certificate(signers: [Int], setSize: Int, target: VoteTarget = target()) throws -> Certificate {
        var signatures: [UInt16: Signature] = [:]
        for index in signers {
            signatures[UInt16(index)] = try Vote.signed(target, index: UInt16(index), key: keys[index], suite: suite).signature
        }
        return Certificate(target: target, setSize: setSize, signatures: signatures)
    }

    /// value × factor without overflow.
    static func wide(_ value: UInt64, times factor: UInt64) -> UInt128 { UInt128(value) * UInt128(factor) }

    @Test func quorumIsMoreThanTwoThirdsOfStake() throws {
        seededCheck(seed: 11, count: 500, Gen.uint64(in: 1...(UInt64.max / 128))) { total, _ in
            let quorum = ValidatorSet.quorumStake(total: total)
            let oneThird = ValidatorSet.oneThirdStake(total: total)
            // 3 × quorum > 2 × total, and one unit less is not.
            #expect(Self.wide(quorum, times: 3) > Self.wide(total, times: 2))
            #expect(Self.wide(quorum - 1, times: 3) <= Self.wide(total, times: 2))
            #expect(Self.wide(oneThird, times: 3) > Self.wide(total, times: 1))
            #expect(Self.wide(oneThird - 1, times: 3) <= Self.wide(total, times: 1))
        }
        #expect(try Self.set(stakes: [1, 1, 1, 1]).quorumStake == 3)
        #expect(try Self.set(stakes: [1, 1, 1]).quorumStake == 3)
    }

    @Test func certificateWithAQuorumVerifies() throws {
        let set = try Self.set(stakes: [1, 1, 1, 1])
        let certificate = try Self.certificate(signers: [0, 2, 3], setSize: 4)
        #expect(certificate.signerIndices == [0, 2, 3])
        #expect(try certificate.verify(against: set, suite: Self.suite, requireQuorum: true) == 3)
        #expect(try Certificate(canonicalBytes: certificate.canonicalBytes) == certificate)
        #expect(certificate.votes.map(\.validatorIndex) == [0, 2, 3])
    }

    @Test func certificateBelowQuorumIsRefusedOnlyWhenAQuorumIsRequired() throws {
        let set = try Self.set(stakes: [1, 1, 1, 1])
        let partial = try Self.certificate(signers: [1, 2], setSize: 4)
        #expect(throws: FinalityError.noQuorum(stake: 2, needed: 3)) { try partial.verify(against: set, suite: Self.suite, requireQuorum: true) }
        #expect(try partial.verify(against: set, suite: Self.suite, requireQuorum: false) == 2)
    }

    @Test func stakeNotHeadcountDecidesTheQuorum() throws {
        let set = try Self.set(stakes: [10, 1, 1, 1])
        // Three of four members but only 3 of 13 stake.
        let many = try Self.certificate(signers: [1, 2, 3], setSize: 4)
        #expect(throws: FinalityError.self) { try many.verify(against: set, suite: Self.suite, requireQuorum: true) }
        let heavy = try Self.certificate(signers: [0], setSize: 4)
        #expect(try heavy.verify(against: set, suite: Self.suite, requireQuorum: true) == 10)
    }

    @Test func forgedCertificatesAreRefused() throws {
        let set = try Self.set(stakes: [1, 1, 1, 1])
        let good = try Self.certificate(signers: [0, 1, 2], setSize: 4)
        // A bit set for a validator whose signature is someone else's.
        let swapped = Certificate(target: good.target, bitmap: [0b0000_1011], signatures: good.signatures)
        #expect(throws: FinalityError.badSignature(index: 3)) { try swapped.verify(against: set, suite: Self.suite, requireQuorum: false) }
        // A short bitmap, a long one, a bit past the set, more bits than signatures.
        #expect(throws: FinalityError.bitmapSize(bytes: 0, setSize: 4)) {
            try Certificate(target: good.target, bitmap: [], signatures: []).verify(against: set, suite: Self.suite, requireQuorum: false)
        }
        #expect(throws: FinalityError.bitmapSize(bytes: 2, setSize: 4)) {
            try Certificate(target: good.target, bitmap: [0b111, 0], signatures: good.signatures).verify(
                against: set, suite: Self.suite, requireQuorum: false)
        }
        #expect(throws: FinalityError.unknownValidator(index: 7, setSize: 4)) {
            try Certificate(target: good.target, bitmap: [0b1000_0011], signatures: good.signatures).verify(
                against: set, suite: Self.suite, requireQuorum: false)
        }
        #expect(throws: FinalityError.signatureCount(bits: 4, signatures: 3)) {
            try Certificate(target: good.target, bitmap: [0b1111], signatures: good.signatures).verify(
                against: set, suite: Self.suite, requireQuorum: false)
        }
        // The same signatures claimed for another block, height or chain.
        for other in [Self.target(nil), Self.target(height: 6), VoteTarget(chainID: Self.blockID, height: 5, round: 0, phase: .precommit, blockID: Self.blockID)] {
            let moved = Certificate(target: other, bitmap: good.bitmap, signatures: good.signatures)
            #expect(throws: FinalityError.badSignature(index: 0)) { try moved.verify(against: set, suite: Self.suite, requireQuorum: false) }
        }
    }

    @Test func proposerScheduleFollowsStakeAndRotates() throws {
        let set = try Self.set(stakes: [4, 2, 1, 1])
        var turns = [Int](repeating: 0, count: 4)
        for height in 1...800 { turns[Int(set.proposer(height: UInt64(height), round: 0))] += 1 }
        #expect(turns == [400, 200, 100, 100])
        // The next round of a height has another proposer whenever the set has more than one.
        #expect(set.proposer(height: 9, round: 0) != set.proposer(height: 9, round: 1) || set.proposer(height: 9, round: 1) != set.proposer(height: 9, round: 2))
        let equal = try Self.set(stakes: [1, 1, 1, 1])
        #expect((0..<4).map { equal.proposer(height: 1, round: UInt32($0)) }.sorted() == [0, 1, 2, 3])
    }

    @Test func validatorSetRefusesBadMembersAndRoundTrips() throws {
        #expect(throws: FinalityError.self) { try ValidatorSet(members: [], suite: Self.suite) }
        #expect(throws: FinalityError.self) { try Self.set(stakes: [1, 0, 1]) }
        let key = Self.keys[0].publicKey
        #expect(throws: FinalityError.self) { try ValidatorSet(members: [.init(key: key, stake: 1), .init(key: key, stake: 2)], suite: Self.suite) }
        let set = try Self.set(stakes: [3, 2, 1])
        var reader = ByteReader(set.canonicalBytes)
        #expect(try ValidatorSet.decode(from: &reader, suite: Self.suite) == set)
        #expect(try Self.set(stakes: [3, 2, 1]).hash == set.hash)
        #expect(try Self.set(stakes: [3, 2, 2]).hash != set.hash)
    }

    @Test func evidenceNeedsTwoSignedVotesForOneSlotNamingDifferentBlocks() throws {
        let key = Self.keys[2]
        let a = try Vote.signed(Self.target(), index: 2, key: key, suite: Self.suite)
        let b = try Vote.signed(Self.target(nil), index: 2, key: key, suite: Self.suite)
        let evidence = Evidence(validator: key.publicKey, a, b)
        try evidence.verify(suite: Self.suite)
        #expect(Evidence(validator: key.publicKey, b, a) == evidence)
        #expect(try Evidence(canonicalBytes: evidence.canonicalBytes) == evidence)
        // The same vote twice, votes for two heights, or another validator's signatures.
        #expect(throws: FinalityError.evidenceNotConflicting) { try Evidence(validator: key.publicKey, a, a).verify(suite: Self.suite) }
        let later = try Vote.signed(Self.target(height: 6), index: 2, key: key, suite: Self.suite)
        #expect(throws: FinalityError.evidenceNotConflicting) { try Evidence(validator: key.publicKey, a, later).verify(suite: Self.suite) }
        #expect(throws: FinalityError.self) { try Evidence(validator: Self.keys[3].publicKey, a, b).verify(suite: Self.suite) }
    }
}
