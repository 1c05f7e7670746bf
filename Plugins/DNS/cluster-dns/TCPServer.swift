import Foundation
import PluginSDK
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP listener on a loopback address serving DNS over TCP (RFC 1035 §4.2.2, RFC 7766): one
/// thread accepts, one thread per connection reads length-prefixed queries one after the other
/// and writes each answer back, until the client closes, the connection idles past
/// `idleTimeout`, or the server stops. Past `maxConnections` open connections a new one is
/// closed at once. `stop()` wakes every thread through one pipe and waits for all of them.
final class TCPServer: Sendable {
    /// The bound address as "127.0.0.1:PORT".
    let address: String
    /// The bound port.
    let port: UInt16
    /// How long a connection may wait for its next query (and a query for its remaining bytes).
    let idleTimeout: Duration
    /// How many connections are served at once.
    let maxConnections: Int

    private let listener: Int32
    /// Writing a byte to `wake.write` makes every thread of the server return (the byte is never read).
    private let wake: (read: Int32, write: Int32)
    private let state = Mutex<State>(State())
    /// Entered by the accept thread and by every connection thread, left when each returns.
    private let threads = DispatchGroup()

    private struct State {
        var lifecycle: Lifecycle = .bound
        var open = 0
    }

    private enum Lifecycle {
        case bound, serving, stopped
    }

    /// Binds and listens on `host:port` (an IPv4 literal).
    init(host: String, port: UInt16, idleTimeout: Duration = .seconds(10), maxConnections: Int = 128) throws {
        let socket = try ListeningSocket(type: Int32(SOCK_STREAM.rawValue), host: host, port: port, name: "tcp")
        listener = socket.descriptor
        wake = socket.wake
        self.port = socket.port
        address = "\(host):\(socket.port)"
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    /// How many connections are open now.
    var openConnections: Int { state.withLock { $0.open } }

    /// Starts the accept thread; does nothing when it already runs or was stopped. `handler`
    /// turns one query into its answer (nil closes the connection).
    func start(_ handler: @escaping @Sendable ([UInt8]) -> [UInt8]?) {
        let begin = state.withLock { state -> Bool in
            guard case .bound = state.lifecycle else { return false }
            state.lifecycle = .serving
            return true
        }
        guard begin else { return }
        threads.enter()
        let thread = Thread { [self] in
            acceptLoop(handler)
            threads.leave()
        }
        thread.name = "keelson-cluster-dns-tcp"
        thread.start()
    }

    /// Stops serving: wakes every thread, waits for all of them, closes the sockets. Idempotent.
    func stop() {
        let previous = state.withLock { state -> Lifecycle in
            defer { state.lifecycle = .stopped }
            return state.lifecycle
        }
        switch previous {
        case .stopped:
            return
        case .serving:
            var byte: UInt8 = 1
            _ = write(wake.write, &byte, 1)
            threads.wait()
        case .bound:
            break
        }
        close(listener)
        close(wake.read)
        close(wake.write)
    }

    deinit {
        stop()
    }

    /// Accepts connections until woken, handing each to its own thread.
    private func acceptLoop(_ handler: @escaping @Sendable ([UInt8]) -> [UInt8]?) {
        while true {
            do {
                try SocketIO.wait(listener, for: Int16(POLLIN), until: .distantFuture, wake: wake.read)
            } catch SocketIO.Failure.timedOut {
                continue
            } catch {
                return  // stopped, or the listener failed
            }
            while true {
                let fd = accept(listener, nil, nil)
                if fd < 0 {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    break  // EAGAIN: none left; EMFILE and the like: try again on the next wake-up.
                }
                SocketIO.setNonBlocking(fd)
                let admitted = state.withLock { state -> Bool in
                    guard state.open < maxConnections else { return false }
                    state.open += 1
                    return true
                }
                guard admitted else {
                    close(fd)
                    continue
                }
                threads.enter()
                let thread = Thread { [self] in
                    serve(connection: fd, handler)
                    close(fd)
                    state.withLock { $0.open -= 1 }
                    threads.leave()
                }
                thread.name = "keelson-cluster-dns-tcp-conn"
                thread.start()
            }
        }
    }

    /// Answers the queries of one connection in order until it closes, idles out or the server stops.
    private func serve(connection fd: Int32, _ handler: @Sendable ([UInt8]) -> [UInt8]?) {
        while true {
            let deadline = SocketIO.deadline(after: idleTimeout)
            guard let query = try? SocketIO.readFrame(fd, until: deadline, wake: wake.read),
                  let reply = handler(query), reply.count <= Int(UInt16.max)
            else { return }
            do {
                let writeDeadline = SocketIO.deadline(after: idleTimeout)
                try SocketIO.writeAll(fd, SocketIO.framed(reply), until: writeDeadline, wake: wake.read)
            } catch {
                return
            }
        }
    }
}
