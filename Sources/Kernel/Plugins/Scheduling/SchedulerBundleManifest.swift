import Foundation
import PluginABI

/// What a `keelson_scheduler_v2` table declares about its bundle, copied into host memory and
/// validated: the framework plugins (names, extension points, registered events) and the
/// default KubeSchedulerConfiguration. Each problem is one line naming the table field.
struct SchedulerBundleManifest: Sendable {
    /// The framework plugins, in the table's order.
    var plugins: [FrameworkPluginInfo]
    /// The default config (a JSON object), nil when the table has none.
    var defaultConfig: JSONValue?

    /// The most framework plugins one bundle may offer.
    static let maximumPlugins = 1024
    /// The largest `keelson_sched_plugin_info` a (future, append-only) header may declare.
    static let maximumInfoSize = 4096
    /// Every `KEELSON_EP_*` bit this host knows.
    static let knownPoints: UInt32 = (1 << 12) - 1
    /// The resources an event registration may name.
    static let resources: Set<String> = ["Pod", "Node", "Namespace", "*"]
    /// The actions an event registration may name.
    static let actions: Set<String> = [
        "Add", "Delete", "Update", "UpdateNodeLabel", "UpdateNodeTaint", "UpdateNodeAllocatable", "UpdateNodeCondition",
        "UpdateNodeAnnotation", "UpdatePodLabel", "UpdatePodScaleDown", "UpdatePodTolerations",
        "UpdatePodSchedulingGatesEliminated", "UpdateNamespaceLabel", "*",
    ]

    /// A malformed table: the one-line reason.
    struct Problem: Error, CustomStringConvertible {
        /// What is wrong, naming the field.
        let description: String
    }

    /// Reads and validates the table's plugin list and default config.
    init(_ table: keelson_scheduler_v2) throws(Problem) {
        let count = Int(table.plugin_count)
        guard count > 0 else { throw Problem(description: "plugin_count is 0: a scheduler bundle must offer at least one framework plugin") }
        guard count <= Self.maximumPlugins else {
            throw Problem(description: "plugin_count is \(count), more than the \(Self.maximumPlugins) plugins a bundle may offer")
        }
        guard let raw = table.plugins_plugin_owned.map(UnsafeRawPointer.init) else {
            throw Problem(description: "plugins_plugin_owned is NULL but plugin_count is \(count)")
        }
        // The array's stride is the plugin's struct size: a plugin built against a newer header
        // (larger, append-only info struct) is read correctly.
        let stride = Int(raw.loadUnaligned(as: UInt32.self))
        let hostSize = MemoryLayout<keelson_sched_plugin_info>.size
        guard stride >= hostSize, stride <= Self.maximumInfoSize, stride % MemoryLayout<keelson_sched_plugin_info>.alignment == 0 else {
            throw Problem(description: "plugins[0].struct_size is \(stride), expected sizeof(keelson_sched_plugin_info) = \(hostSize)")
        }
        var plugins: [FrameworkPluginInfo] = []
        var seen: [String: Int] = [:]
        for index in 0..<count {
            let entry = raw + index * stride
            let size = Int(entry.loadUnaligned(as: UInt32.self))
            guard size == stride else {
                throw Problem(description: "plugins[\(index)].struct_size is \(size), plugins[0] has \(stride): every entry must have the same size")
            }
            let info = entry.assumingMemoryBound(to: keelson_sched_plugin_info.self).pointee
            let plugin = try Self.plugin(info, index: index)
            if let first = seen[plugin.name] {
                throw Problem(description: "plugins[\(index)].name_plugin_owned \"\(plugin.name)\" duplicates plugins[\(first)]: names must be unique in a bundle")
            }
            seen[plugin.name] = index
            plugins.append(plugin)
        }
        self.plugins = plugins
        self.defaultConfig = try table.default_config_json_plugin_owned.map { pointer throws(Problem) in
            let text = Self.copy(pointer, limit: 1 << 20)
            guard let value = try? JSONValue(parsing: text), value.objectValue != nil else {
                throw Problem(description: "default_config_json_plugin_owned is not a JSON object (a KubeSchedulerConfiguration)")
            }
            return value
        }
    }

    /// Validates one plugin entry.
    private static func plugin(_ info: keelson_sched_plugin_info, index: Int) throws(Problem) -> FrameworkPluginInfo {
        let field = "plugins[\(index)]"
        guard let namePointer = info.name_plugin_owned else { throw Problem(description: "\(field).name_plugin_owned is NULL") }
        let name = copy(namePointer, limit: 256)
        if let problem = nameProblem(name) { throw Problem(description: "\(field).name_plugin_owned \"\(name)\" \(problem)") }
        let points = info.extension_points
        if points == 0 { throw Problem(description: "\(field) (\(name)): extension_points is 0: declare at least one KEELSON_EP_* point") }
        if points & ~knownPoints != 0 {
            throw Problem(description: "\(field) (\(name)): extension_points 0x\(String(points, radix: 16)) has bits this host does not know (KEELSON_EP_* are bits 0-11)")
        }
        var events: [FrameworkClusterEvent]?
        if let eventsPointer = info.events_json_plugin_owned {
            do {
                events = try self.events(copy(eventsPointer, limit: 64 << 10))
            } catch {
                throw Problem(description: "\(field) (\(name)): events_json_plugin_owned \(error.description)")
            }
        }
        return FrameworkPluginInfo(name: name, points: FrameworkPoints(rawValue: points), events: events)
    }

    /// Why a framework plugin name is not acceptable, nil when it is: 1-128 characters of
    /// letters, digits, '-', '_', '.' and '/', starting with a letter.
    static func nameProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
        let allowed = bytes.allSatisfy { isLetter($0) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 || $0 == 46 || $0 == 47 }
        guard let first = bytes.first, isLetter(first), bytes.count <= 128, allowed else {
            return "is not a plugin name: use 1-128 letters, digits, '-', '_', '.' or '/', starting with a letter"
        }
        return nil
    }

    /// Parses an events registration: a JSON array of {"resource":..,"action":..}.
    static func events(_ text: String) throws(Problem) -> [FrameworkClusterEvent] {
        guard let value = try? JSONValue(parsing: text) else { throw Problem(description: "is not valid JSON") }
        guard let items = value.arrayValue else { throw Problem(description: "is not a JSON array of {\"resource\",\"action\"} objects") }
        var events: [FrameworkClusterEvent] = []
        for (index, item) in items.enumerated() {
            guard let resource = item["resource"]?.stringValue, let action = item["action"]?.stringValue else {
                throw Problem(description: "[\(index)] needs string members \"resource\" and \"action\"")
            }
            guard resources.contains(resource) else {
                throw Problem(description: "[\(index)].resource \"\(resource)\" is not one of Pod, Node, Namespace, *")
            }
            guard actions.contains(action) else {
                throw Problem(description: "[\(index)].action \"\(action)\" is not one of \(actions.sorted().joined(separator: ", "))")
            }
            events.append(FrameworkClusterEvent(resource: resource, action: action))
        }
        return events
    }

    /// Copies a NUL-terminated plugin-owned string, reading at most `limit` bytes.
    private static func copy(_ pointer: UnsafePointer<CChar>, limit: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(start: pointer, count: strnlen(pointer, limit)), as: UTF8.self)
    }
}
