import Hummingbird
import Kernel
import Synchronization

/// Applies `APIServerLimits` around the request handler: a request over the in-flight limit is
/// answered 429 TooManyRequests with `Retry-After: 1`; one that outlives its deadline is
/// answered 504 Timeout. A mutating request that had already written when the deadline passed
/// is answered normally (its handler is stopped and awaited, never abandoned mid-write).
/// Long-running requests (watches, followed logs) are neither counted nor timed.
struct LimitedResponder: Sendable {
    let limits: APIServerLimits
    let limiter: InFlightLimiter

    /// A responder enforcing `limits`.
    init(limits: APIServerLimits) {
        self.limits = limits
        self.limiter = InFlightLimiter(limits: limits)
    }

    /// Serves `request` with `handler` under the limits.
    func respond(_ request: Request, _ handler: @escaping @Sendable () async -> Response) async -> Response {
        let kind = RequestClass.of(request)
        if kind == .longRunning { return await handler() }
        guard limiter.acquire(kind) else { return Self.tooManyRequests() }
        defer { limiter.release(kind) }
        var seconds = limits.requestTimeoutSeconds
        if let asked = RequestClass.requestedTimeout(request), asked > 0 { seconds = min(seconds, asked) }
        return await Self.withDeadline(seconds: seconds, mutating: kind == .mutating, handler)
    }

    /// Runs `handler`, answering 504 when it has not answered within `seconds`. The deadline
    /// is kept by the shared `DeadlineWatchdog`, so a request costs one task, not a timer of
    /// its own.
    static func withDeadline(seconds: Double, mutating: Bool, _ handler: @escaping @Sendable () async -> Response) async -> Response {
        let first = FirstAnswer()
        let work = Task {
            let response = await handler()
            first.resume(response)
            return response
        }
        let deadline = DeadlineWatchdog.shared.register(after: seconds) { first.resume(nil) }
        let answer: Response? = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Response?, Never>) in
                first.set(continuation)
            }
        } onCancel: {
            work.cancel()
        }
        DeadlineWatchdog.shared.cancel(deadline)
        if let answer { return answer }
        work.cancel()
        if mutating {
            // The handler may be inside a store write: wait for it, and keep a success.
            let late = await work.value
            if late.status.code < 400 { return late }
        }
        return timeout()
    }

    /// 429 with `Retry-After: 1`.
    static func tooManyRequests() -> Response {
        var status = StatusObject.json(APIError(code: 429, reason: "TooManyRequests", message: "Too many requests, please try again later."))
        status["details"] = ["retryAfterSeconds": 1]
        var response = JSONResponse.make(429, status)
        response.headers[.retryAfter] = "1"
        return response
    }

    /// 504 Timeout.
    static func timeout() -> Response {
        StatusObject.response(APIError(code: 504, reason: "Timeout", message: "Timeout: request did not complete within the allotted timeout"))
    }
}

/// Resumes a continuation once, with whichever answer comes first; an answer that arrives
/// before the continuation is set is kept for it.
private final class FirstAnswer: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Response?, Never>?
        var early: Response??
        var done = false
    }
    private let state = Mutex(State())

    func set(_ continuation: CheckedContinuation<Response?, Never>) {
        let early = state.withLock { state -> Response?? in
            guard let early = state.early else {
                state.continuation = continuation
                return nil
            }
            return early
        }
        if let early { continuation.resume(returning: early) }
    }

    func resume(_ response: Response?) {
        let continuation = state.withLock { state -> CheckedContinuation<Response?, Never>? in
            guard !state.done else { return nil }
            state.done = true
            guard let continuation = state.continuation else {
                state.early = .some(response)
                return nil
            }
            state.continuation = nil
            return continuation
        }
        continuation?.resume(returning: response)
    }
}
