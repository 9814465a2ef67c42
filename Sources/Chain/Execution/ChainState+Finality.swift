import Crypto
import Primitives

extension ChainState {
    /// Block `height`'s `lastCommit` must be the tip's commit certificate: precommits of
    /// this chain for block `height − 1` naming the tip hash, signed by more than 2/3 of
    /// the stake of the set that signed the tip. Block 1 carries none.
    func checkLastCommit(_ certificate: Certificate?, height: UInt64) throws(ChainError) {
        guard height >= 2 else {
            guard certificate == nil else { throw .unexpectedLastCommit }
            return
        }
        guard let certificate else { throw .missingLastCommit(height: height) }
        let target = certificate.target
        guard target.chainID == config.chainID else { throw .lastCommitWrongTarget(reason: "another chain") }
        guard target.height == height - 1 else { throw .lastCommitWrongTarget(reason: "height \(target.height), expected \(height - 1)") }
        guard target.phase == .precommit else { throw .lastCommitWrongTarget(reason: "prevotes do not commit") }
        guard target.blockID == tipHash else { throw .lastCommitWrongTarget(reason: "it names another block than the tip") }
        do { try certificate.verify(against: tipSigners, suite: config.suite, requireQuorum: true) } catch {
            throw .lastCommitInvalid(error)
        }
    }

    /// Each evidence item must be real equivocation on this chain by a member of the current
    /// or the previous epoch's set (at the index its votes name), one per validator, not
    /// already punished.
    func checkEvidence(_ evidence: [Evidence]) throws(ChainError) {
        guard evidence.count <= Block.maxEvidence else { throw .tooManyEvidence(count: evidence.count, limit: Block.maxEvidence) }
        var seen = Set<PublicKey>()
        for (index, item) in evidence.enumerated() {
            guard item.first.target.chainID == config.chainID else {
                throw .evidenceInvalid(index: index, .wrongTarget(reason: "another chain"))
            }
            do { try item.verify(suite: config.suite) } catch { throw .evidenceInvalid(index: index, error) }
            // A member of the current or the previous set, at the index its votes name (the
            // signatures are the key's either way; this keeps index and key one fact).
            let voteIndex = item.first.validatorIndex
            guard validatorSet.index(of: item.validator) == voteIndex || previousValidatorSet.index(of: item.validator) == voteIndex else {
                throw .evidenceNotMember(index: index)
            }
            guard seen.insert(item.validator).inserted else { throw .evidenceDuplicate(index: index) }
            guard !epoch.punished.contains(item.validator) else { throw .evidenceAlreadyPunished(index: index) }
        }
    }

    /// Signs a commit certificate for the tip with `keys` (those in the tip's signer set;
    /// others are ignored): for a chain one process finalizes alone (a single-validator
    /// node, tools, tests). Consensus builds real ones from collected precommits.
    public func commitCertificate(signedBy keys: [any SigningKey], round: UInt32 = 0) throws(ChainError) -> Certificate? {
        guard height > 0 else { return nil }
        let set = tipSigners
        let target = VoteTarget(chainID: config.chainID, height: height, round: round, phase: .precommit, blockID: tipHash)
        var signatures: [UInt16: Signature] = [:]
        for key in keys {
            guard let index = set.index(of: key.publicKey) else { continue }
            // Zero auxiliary randomness: the same tip and keys give the same certificate (and
            // so the same next block), which replays and tests rely on; BIP340 stays secure.
            let message = target.signingHash(suite: config.suite).bytes
            do { signatures[index] = try config.suite.signDeterministically(message, with: key) } catch {
                throw .badProposerSignature
            }
        }
        return Certificate(target: target, setSize: set.count, signatures: signatures)
    }
}
