import Foundation

/// The documented annotations that tell a fake runtime what it cannot infer from a pod spec.
///
/// Each setting `keelson.dev/<setting>` is read, in this order, from:
/// 1. the container's CRI annotations (`CreateContainer`'s `config.annotations`);
/// 2. the pod's annotation `<setting>.keelson.dev/<container name>` (one container), carried to the
///    runtime in the sandbox's annotations, which the kubelet fills with every pod annotation;
/// 3. the pod's annotation `keelson.dev/<setting>` (every container of the pod).
struct ContainerAnnotations: Sendable, Equatable {
    /// `keelson.dev/cpu-usage`: CPU use while running, a quantity of cores ("250m", "1.5").
    static let cpuUsage = "cpu-usage"
    /// `keelson.dev/memory-usage`: the working set right after start, a quantity of bytes ("64Mi").
    static let memoryUsage = "memory-usage"
    /// `keelson.dev/memory-growth-per-second`: how fast the working set grows, bytes per second ("10Mi");
    /// past the CRI memory limit the container is OOM-killed (exit 137, reason `OOMKilled`).
    static let memoryGrowth = "memory-growth-per-second"
    /// `keelson.dev/start-latency`: extra time StartContainer takes, a Go duration ("1.5s", "300ms").
    static let startLatency = "start-latency"

    /// CPU nanocores, when set.
    var cpuNanoCores: UInt64?
    /// Working set at start, when set.
    var workingSetBytes: UInt64?
    /// Working-set growth in bytes per second.
    var growthBytesPerSecond: UInt64 = 0
    /// Extra StartContainer latency in milliseconds.
    var startLatencyMs = 0

    /// Why an annotation value was refused.
    struct Invalid: Error, Sendable { var message: String }

    /// Reads the settings of `container` from its own and its pod's annotations.
    init(container: [String: String], pod: [String: String], containerName: String) throws(Invalid) {
        func value(_ setting: String) -> (key: String, value: String)? {
            let candidates = ["keelson.dev/\(setting)", "\(setting).keelson.dev/\(containerName)", "keelson.dev/\(setting)"]
            for (n, key) in candidates.enumerated() {
                let source = n == 0 ? container : pod
                if let found = source[key] { return (key, found) }
            }
            return nil
        }
        func quantity(_ setting: String, scale: Double) throws(Invalid) -> UInt64? {
            guard let found = value(setting) else { return nil }
            let (key, text) = (found.key, found.value)
            guard let amount = Self.quantity(text), amount >= 0 else {
                throw Invalid(message: "annotation \(key): \"\(text)\" is not a quantity (such as 250m, 64Mi)")
            }
            return UInt64((amount * scale).rounded())
        }
        cpuNanoCores = try quantity(Self.cpuUsage, scale: 1e9)
        workingSetBytes = try quantity(Self.memoryUsage, scale: 1)
        growthBytesPerSecond = try quantity(Self.memoryGrowth, scale: 1) ?? 0
        if let found = value(Self.startLatency) {
            let (key, text) = (found.key, found.value)
            guard let nanos = Self.duration(text), nanos >= 0 else {
                throw Invalid(message: "annotation \(key): \"\(text)\" is not a duration (such as 500ms, 2s)")
            }
            startLatencyMs = Int(nanos / 1_000_000)
        }
    }

    /// A Kubernetes quantity ("250m", "1.5", "64Mi", "1G", "2e3") as a number.
    static func quantity(_ text: String) -> Double? {
        let suffixes: [(String, Double)] = [
            ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
            ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976),
            ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
        ]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (suffix, factor) in suffixes where trimmed.hasSuffix(suffix) {
            guard let number = Double(trimmed.dropLast(suffix.count)), trimmed.first != "." else { return nil }
            return number * factor
        }
        guard let number = Double(trimmed), !trimmed.isEmpty, trimmed.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) else { return nil }
        return number
    }

    /// A Go duration ("1.5s", "300ms", "1m30s") in nanoseconds.
    static func duration(_ text: String) -> Int64? {
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)]
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { return nil }
        if rest == "0" { return 0 }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) && !(($0.0 == "m") && rest.hasPrefix("ms")) }) else { return nil }
            rest = rest.dropFirst(unit.0.count)
            total += value * unit.1
        }
        return Int64(total)
    }
}
