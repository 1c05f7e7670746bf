import Foundation
@testable import APIServer
import Testing

/// New objects' uids: lowercase version-4 UUIDs, distinct across more than one refill of the pool.
@Suite("Object uids")
struct ObjectUIDTests {
    @Test func lowercaseVersionFourAndDistinct() throws {
        var seen = Set<String>()
        for _ in 0..<1000 {
            let uid = ObjectUID.next()
            let parsed = try #require(UUID(uuidString: uid), "\(uid)")
            #expect(uid == uid.lowercased())
            #expect(parsed.uuid.6 >> 4 == 4)
            #expect(parsed.uuid.8 >> 6 == 0b10)
            seen.insert(uid)
        }
        #expect(seen.count == 1000)
    }
}
