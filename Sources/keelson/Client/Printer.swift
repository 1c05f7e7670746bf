import Foundation
import Kernel
import Yams

/// Prints objects the way kubectl users read them: tables with each kind's usual columns, or
/// JSON, YAML or `kind/name`.
enum Printer {
    enum Format: String, CaseIterable {
        case table, wide, json, yaml, name
    }

    /// Prints objects as JSON, YAML or `resource/name` (tables come from the server: `printTable`).
    static func print(_ items: [JSONValue], type: ResourceType, format: Format) throws {
        switch format {
        case .json:
            let value: JSONValue = items.count == 1 ? items[0] : ["apiVersion": "v1", "kind": "List", "items": .array(items), "metadata": ["resourceVersion": ""]]
            Swift.print(String(decoding: value.serialized(pretty: true), as: UTF8.self))
        case .yaml:
            let value: JSONValue = items.count == 1 ? items[0] : ["apiVersion": "v1", "kind": "List", "items": .array(items)]
            Swift.print(try Yams.dump(object: plain(value), sortKeys: true), terminator: "")
        case .name, .table, .wide:
            for item in items { Swift.print("\(type.resource)\(type.group.isEmpty ? "" : ".\(type.group)")/\(item.name ?? "")") }
        }
    }

    /// Prints a server-side `meta.k8s.io/v1` Table the way kubectl does: the columns of priority
    /// 0 (all of them with `wide`), upper-cased, and a NAMESPACE column first when listing across
    /// namespaces.
    static func printTable(_ table: JSONValue, wide: Bool, withNamespace: Bool) {
        let rows = table["rows"]?.arrayValue ?? []
        guard !rows.isEmpty else {
            Swift.print("No resources found.")
            return
        }
        let columns = (table["columnDefinitions"]?.arrayValue ?? []).enumerated()
            .filter { wide || ($0.element["priority"]?.intValue ?? 0) == 0 }
        var lines = [(withNamespace ? ["NAMESPACE"] : []) + columns.map { ($0.element["name"]?.stringValue ?? "").uppercased() }]
        for row in rows {
            let cells = row["cells"]?.arrayValue ?? []
            var line = withNamespace ? [row[path: "object", "metadata", "namespace"]?.stringValue ?? ""] : []
            line += columns.map { index, _ in index < cells.count ? cell(cells[index]) : "" }
            lines.append(line)
        }
        self.table(lines)
    }

    private static func cell(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): String(flag)
        case .null: "<none>"
        default: value.text
        }
    }

    static func table(_ rows: [[String]]) {
        let widths = rows.reduce(into: [Int]()) { widths, row in
            for (index, cell) in row.enumerated() {
                if index >= widths.count { widths.append(0) }
                widths[index] = max(widths[index], cell.count)
            }
        }
        for row in rows {
            let line = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }.joined()
            Swift.print(line)
        }
    }

    /// A JSON document as plain Foundation values, for Yams.
    static func plain(_ value: JSONValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let flag): return flag
        case .int(let number): return Int(number)
        case .double(let number): return number
        case .string(let text): return text
        case .array(let items): return items.map(plain)
        case .object(let members): return members.mapValues(plain)
        }
    }
}
