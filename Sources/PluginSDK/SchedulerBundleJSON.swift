import Foundation

/// The small JSON documents scheduler interface 2.0 hooks write (reason lists, node index
/// arrays, Permit verdicts, PostFilter results), written by hand: they are on the per-call path,
/// and their shapes are fixed by the header.
enum SchedulerBundleJSON {
    /// `["a","b"]`.
    static func strings(_ values: [String]) -> String {
        var out = "["
        for (position, value) in values.enumerated() {
            if position > 0 { out += "," }
            appendString(value, to: &out)
        }
        return out + "]"
    }

    /// `[["a"],["b","c"]]`.
    static func stringLists(_ lists: [[String]]) -> String {
        var out = "["
        for (position, list) in lists.enumerated() {
            if position > 0 { out += "," }
            out += strings(list)
        }
        return out + "]"
    }

    /// `[0,4,7]`.
    static func indices(_ values: [UInt32]) -> String {
        "[" + values.map(String.init).joined(separator: ",") + "]"
    }

    /// `[{"uid":"..","allow":true},{"uid":"..","allow":false,"message":".."}]`.
    static func verdicts(_ verdicts: [SchedulerWaitingVerdict]) -> String {
        var out = "["
        for (position, verdict) in verdicts.enumerated() {
            if position > 0 { out += "," }
            out += "{\"uid\":"
            appendString(verdict.uid, to: &out)
            out += ",\"allow\":\(verdict.allow)"
            if let message = verdict.message {
                out += ",\"message\":"
                appendString(message, to: &out)
            }
            out += "}"
        }
        return out + "]"
    }

    /// `{"nominatedNodeIndex":N,"victims":[{"namespace":"..","name":"..","uid":".."}]}`.
    static func postFilterResult(_ result: SchedulerPostFilterResult) -> String {
        var out = "{\"nominatedNodeIndex\":\(result.nominatedNodeIndex),\"victims\":["
        for (position, victim) in result.victims.enumerated() {
            if position > 0 { out += "," }
            out += "{\"namespace\":"
            appendString(victim.namespace, to: &out)
            out += ",\"name\":"
            appendString(victim.name, to: &out)
            out += ",\"uid\":"
            appendString(victim.uid, to: &out)
            out += "}"
        }
        return out + "]}"
    }

    /// `[{"resource":"Node","action":"Add"}]` from (resource, action) pairs.
    static func events(_ events: [(resource: String, action: String)]) -> String {
        var out = "["
        for (position, event) in events.enumerated() {
            if position > 0 { out += "," }
            out += "{\"resource\":"
            appendString(event.resource, to: &out)
            out += ",\"action\":"
            appendString(event.action, to: &out)
            out += "}"
        }
        return out + "]"
    }

    /// Appends `value` as a JSON string literal (quotes, backslashes and control characters escaped).
    static func appendString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
