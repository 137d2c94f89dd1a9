import Foundation
import Testing

@testable import OCPIModel

/// Request and correlation ids are random UUIDs (version 4), written in lower case as most peers log them.
@Suite struct MessageIDTests {
    @Test func anIdIsALowerCaseVersion4UUID() throws {
        let id = MessageID.random()
        #expect(id.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil, "\(id)")
        #expect(UUID(uuidString: id) != nil)
    }

    @Test func idsDoNotRepeat() {
        let ids = (0..<10_000).map { _ in MessageID.random() }
        #expect(Set(ids).count == ids.count)
    }

    /// Every bit the generator gives lands in the id, apart from the six that mark the version and variant.
    @Test func theGeneratorsBitsAreUsedInOrder() {
        var ones = Fixed(value: .max)
        #expect(MessageID.random(using: &ones) == "ffffffff-ffff-4fff-bfff-ffffffffffff")
        var zeros = Fixed(value: 0)
        #expect(MessageID.random(using: &zeros) == "00000000-0000-4000-8000-000000000000")
        var counting = Fixed(value: 0x0123_4567_89AB_CDEF)
        #expect(MessageID.random(using: &counting) == "01234567-89ab-4def-8123-456789abcdef")
    }

    struct Fixed: RandomNumberGenerator {
        var value: UInt64
        mutating func next() -> UInt64 { value }
    }
}
