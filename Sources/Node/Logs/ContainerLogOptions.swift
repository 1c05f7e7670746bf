/// What a `/containerLogs` request asks for: Kubernetes' PodLogOptions as query parameters.
struct ContainerLogOptions: Sendable, Equatable {
    /// Keep streaming new lines until the container exits or the client goes away.
    var follow = false
    /// Read the previous instance's log (the one before the last restart).
    var previous = false
    /// Put each line's RFC 3339 time in front of it.
    var timestamps = false
    /// Only the last N lines (of what is already written).
    var tailLines: Int?
    /// Stop after this many bytes of output.
    var limitBytes: Int?
    /// Only lines written at or after this time (nanoseconds since the epoch), from
    /// `sinceSeconds` or `sinceTime`.
    var since: Int64?

    /// The defaults: the whole current log, once.
    init() {}

    /// Reads the query parameters (`follow`, `previous`, `timestamps`, `tailLines`, `limitBytes`,
    /// `sinceSeconds`, `sinceTime`); throws a message for a malformed or negative value.
    init(query: [String: String], now: Int64 = LogTime.now()) throws(ContainerLogError) {
        func flag(_ name: String) throws(ContainerLogError) -> Bool {
            guard let raw = query[name] else { return false }
            switch raw.lowercased() {
            case "", "true", "1": return true
            case "false", "0": return false
            default: throw .badRequest("invalid value for \(name): \"\(raw)\"")
            }
        }
        func count(_ name: String, minimum: Int) throws(ContainerLogError) -> Int? {
            guard let raw = query[name], !raw.isEmpty else { return nil }
            guard let value = Int(raw), value >= minimum else {
                throw .badRequest("\(name): Invalid value: \"\(raw)\": must be greater than or equal to \(minimum)")
            }
            return value
        }
        follow = try flag("follow")
        previous = try flag("previous")
        timestamps = try flag("timestamps")
        tailLines = try count("tailLines", minimum: 0)
        limitBytes = try count("limitBytes", minimum: 1)
        if let seconds = try count("sinceSeconds", minimum: 1) {
            since = now - Int64(seconds) * 1_000_000_000
        }
        if let raw = query["sinceTime"], !raw.isEmpty {
            guard since == nil else { throw .badRequest("at most one of sinceTime or sinceSeconds may be specified") }
            guard let time = LogTime.nanoseconds(raw) else { throw .badRequest("invalid value for sinceTime: \"\(raw)\"") }
            since = time
        }
    }
}

/// Why a log request cannot be answered, with the HTTP code the kubelet answers.
struct ContainerLogError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 400 or 404.
    let code: Int
    /// The message, the response body.
    let message: String

    /// A 400 Bad Request.
    static func badRequest(_ message: String) -> ContainerLogError { ContainerLogError(code: 400, message: message) }
    /// A 404 Not Found.
    static func notFound(_ message: String) -> ContainerLogError { ContainerLogError(code: 404, message: message) }

    /// The message.
    var description: String { message }
}
