import Hummingbird

/// How the limits treat a request: long-running ones (watches, followed logs, proxies) are
/// neither counted nor timed; the others count as read-only or mutating.
enum RequestClass: Equatable {
    case longRunning
    case readOnly
    case mutating

    /// The class of `request`.
    static func of(_ request: Request) -> RequestClass {
        let path = request.uri.path
        let query = QueryParameters(request.uri.query)
        func isTrue(_ name: String) -> Bool { query.flag(name) }
        switch request.method {
        case .get, .head:
            let segments = path.split(separator: "/")
            let legacyWatch = segments.count > 3 && (segments[0] == "api" ? segments[2] == "watch" : segments.count > 4 && segments[3] == "watch")
            if isTrue("watch") || legacyWatch { return .longRunning }
            if path.hasSuffix("/log") && isTrue("follow") { return .longRunning }
            if segments.contains("proxy") || segments.last == "exec" || segments.last == "attach" || segments.last == "portforward" {
                return .longRunning
            }
            return .readOnly
        case .options:
            return .readOnly
        default:
            return .mutating
        }
    }

    /// The deadline asked for by the `timeout` query parameter (a Go duration such as "30s",
    /// "1m30s", "500ms"), nil when absent or unreadable.
    static func requestedTimeout(_ request: Request) -> Double? {
        guard let text = QueryParameters(request.uri.query)["timeout"] else { return nil }
        return goDuration(text)
    }

    /// Parses a Go duration ("1h2m3.5s", "250ms"); nil when malformed.
    static func goDuration(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) && !(($0.0 == "m") && rest.hasPrefix("ms")) }) else { return nil }
            total += value * unit.1
            rest = rest.dropFirst(unit.0.count)
        }
        return total
    }
}
