import Testing

@testable import LodestoneSim

@Suite struct SimCommandTests {
    @Test func parsesSeedRange() throws {
        let command = try SimCommand.parse(["--seeds", "3", "--first-seed", "9"])
        #expect(command.seeds == 3)
        #expect(command.firstSeed == 9)
    }
}
