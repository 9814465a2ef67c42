import Testing

@testable import LodestoneSim

@Suite struct SimCommandTests {
    @Test func parsesSeedRange() throws {
        let command = try SimCommand.parse(["--seeds", "3", "--first-seed", "9"])
        #expect(command.seeds == 3)
        #expect(command.firstSeed == 9)
        #expect(command.options.seeds == 3 && command.options.firstSeed == 9)
        #expect(command.options.faults == nil)
    }

    /// `--seed S` alone replays one seed, verbosely (its trace hash is printed).
    @Test func seedReplaysOneSeed() throws {
        let command = try SimCommand.parse(["--seed", "42", "--seeds", "10"])
        #expect(command.options.seeds == 1 && command.options.firstSeed == 42 && command.options.verbose)
    }

    @Test func forcedFaultsParse() throws {
        let command = try SimCommand.parse(["--fault", "loss,twins", "--fault", "partition"])
        #expect(command.options.faults == [.loss, .partition, .twins])
        #expect(try SimCommand.parse(["--fault", "all"]).options.faults == Fault.allCases.sorted())
        #expect(try SimCommand.parse(["--fault", "none"]).options.faults == [])
        #expect(throws: (any Error).self) { try SimCommand.parse(["--fault", "gremlins"]) }
        #expect(throws: (any Error).self) { try SimCommand.parse(["--validators", "3"]) }
    }
}
