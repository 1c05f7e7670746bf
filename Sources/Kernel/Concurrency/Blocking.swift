import Foundation

/// Blocking work (waiting for a child process, a socket, a compiler) run on a thread of its own.
///
/// Swift's cooperative pool has one thread per core, two on a small machine. A call that blocks
/// one of them for a second halves everything else the process runs for that second: API
/// handlers, controllers, kubelets. `Blocking.run` moves the wait to a dedicated thread and
/// suspends the caller instead.
public enum Blocking {
    /// Runs `body` on a new thread and returns its result (or rethrows its error).
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// Runs `body`, which cannot fail, on a new thread and returns its result.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }
}
