import Testing
import ZeroMQ

@Suite("ZMQError")
struct ZMQErrorTests {
    @Test("codes are unique and all in the 7xxx block")
    func codesAreUniqueInBlock() {
        let codes = ZMQError.Kind.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { (7001...7999).contains($0) })
    }

    @Test("names are unique and snake_case")
    func namesAreUniqueSnakeCase() {
        let names = ZMQError.Kind.allCases.map(\.name)
        #expect(Set(names).count == names.count)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz_0123456789")
        #expect(names.allSatisfy { !$0.isEmpty && $0.allSatisfy(allowed.contains) })
    }

    @Test("a libzmq failure carries its errno and strerror text in the description")
    func libzmqFailureDescribesErrno() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context, type: .pull)
        let error = try #require(expectError(.bindFailed) { try socket.bind("bogus://nowhere") })
        let errno = try #require(error.errno)
        #expect(errno != 0)
        #expect(error.errnoText == "Protocol not supported")
        #expect(error.description == "bind_failed (7005): \(error.context): Protocol not supported (errno \(errno))")
    }

    @Test("an error the wrapper detects itself has no errno and its message is the context")
    func wrapperErrorHasNoErrno() {
        let error = expectError(.invalidArgument) { try ZMQContext(ioThreads: 0) }
        #expect(error?.errno == nil)
        #expect(error?.errnoText == nil)
        #expect(error?.message == error?.context)
    }
}
