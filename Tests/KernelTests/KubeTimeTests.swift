import Foundation
@testable import Kernel
import Testing

/// `KubeTime.format` writes metav1.Time by hand: it must agree with Foundation's ISO 8601 style
/// to the second, across leap years, centuries and dates before 1970.
@Suite struct KubeTimeTests {
    @Test func formatAgreesWithFoundation() {
        let style = Date.ISO8601FormatStyle(timeZone: .gmt)
        var generator = SystemRandomNumberGenerator()
        var dates = [0, -1, 951_782_400, 951_868_799, 4_107_542_399, -2_208_988_800, 253_402_300_799].map { Date(timeIntervalSince1970: $0) }
        for _ in 0..<5000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: -2_300_000_000...7_000_000_000, using: &generator)))
        }
        for date in dates {
            #expect(KubeTime.format(date) == date.formatted(style), "\(date.timeIntervalSince1970)")
        }
        #expect(KubeTime.micro(Date(timeIntervalSince1970: 1.25)) == "1970-01-01T00:00:01.250000Z")
    }
}
