import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small blocking-with-deadline helpers over file descriptors, shared by the TCP server and the
/// upstream forwarder: every wait is a `poll` bounded by a deadline, optionally also woken by a
/// stop pipe, so no thread ever blocks forever.
enum SocketIO {
    /// Why a read or write ended early.
    enum Failure: Error {
        /// The deadline passed.
        case timedOut
        /// The peer closed the connection (or it failed).
        case closed
        /// The stop pipe became readable.
        case stopped
    }

    /// An IPv4 socket address for `host` (a dotted literal) and `port`, nil when `host` is not one.
    static func address(_ host: String, _ port: UInt16) -> sockaddr_in? {
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &sin.sin_addr) == 1 else { return nil }
        return sin
    }

    /// The moment `duration` from now.
    static func deadline(after duration: Duration) -> DispatchTime {
        let (seconds, attoseconds) = duration.components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let nanoseconds = overflow ? Int64(Int32.max) * 1_000_000_000 : product + attoseconds / 1_000_000_000
        return DispatchTime.now() + .nanoseconds(Int(max(nanoseconds, 0)))
    }

    /// Milliseconds left until `deadline` (at least 0), for `poll`.
    static func remaining(until deadline: DispatchTime) -> Int32 {
        let now = DispatchTime.now().uptimeNanoseconds
        guard deadline.uptimeNanoseconds > now else { return 0 }
        return Int32(min((deadline.uptimeNanoseconds - now) / 1_000_000 + 1, UInt64(Int32.max)))
    }

    /// Waits until `fd` has `events` (POLLIN or POLLOUT), the deadline passes or `wake` is readable.
    static func wait(_ fd: Int32, for events: Int16, until deadline: DispatchTime, wake: Int32?) throws(Failure) {
        while true {
            var set = [pollfd(fd: fd, events: events, revents: 0)]
            if let wake { set.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&set, nfds_t(set.count), remaining(until: deadline))
            if ready < 0 {
                if errno == EINTR { continue }
                throw .closed
            }
            if set.count > 1, set[1].revents != 0 { throw .stopped }
            if ready == 0 { throw .timedOut }
            if set[0].revents & events != 0 { return }
            if set[0].revents != 0 { throw .closed }
        }
    }

    /// Reads exactly `count` bytes from the stream `fd` (a non-blocking descriptor).
    static func readExactly(_ fd: Int32, _ count: Int, until deadline: DispatchTime, wake: Int32?) throws(Failure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { raw in
                recv(fd, raw.baseAddress! + filled, count - filled, 0)
            }
            if got > 0 {
                filled += got
            } else if got == 0 {
                throw .closed
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                try wait(fd, for: Int16(POLLIN), until: deadline, wake: wake)
            } else {
                throw .closed
            }
        }
        return bytes
    }

    /// Writes all of `bytes` to the stream `fd` (a non-blocking descriptor).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], until deadline: DispatchTime, wake: Int32?) throws(Failure) {
        var sent = 0
        while sent < bytes.count {
            let wrote = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if wrote >= 0 {
                sent += wrote
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                try wait(fd, for: Int16(POLLOUT), until: deadline, wake: wake)
            } else {
                throw .closed
            }
        }
    }

    /// `message` with the two-byte length prefix of DNS over TCP (RFC 1035 §4.2.2).
    static func framed(_ message: [UInt8]) -> [UInt8] {
        [UInt8(message.count >> 8 & 0xFF), UInt8(message.count & 0xFF)] + message
    }

    /// Reads one length-prefixed DNS message from a TCP stream.
    static func readFrame(_ fd: Int32, until deadline: DispatchTime, wake: Int32?) throws(Failure) -> [UInt8] {
        let prefix = try readExactly(fd, 2, until: deadline, wake: wake)
        let length = Int(prefix[0]) << 8 | Int(prefix[1])
        return try readExactly(fd, length, until: deadline, wake: wake)
    }

    /// Makes `fd` non-blocking and close-on-exec.
    static func setNonBlocking(_ fd: Int32) {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    /// The text of the current `errno`.
    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
