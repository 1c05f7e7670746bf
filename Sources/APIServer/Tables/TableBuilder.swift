import Foundation
import Kernel

/// Turns objects and lists into `meta.k8s.io` Tables: the kind's columns, one row per object
/// with its cells and (per `includeObject`) the object's metadata or the whole object.
struct TableBuilder: Sendable {
    /// What each row's `object` carries.
    enum IncludeObject: String, Sendable {
        /// No object.
        case none = "None"
        /// A PartialObjectMetadata with the object's metadata (the default).
        case metadata = "Metadata"
        /// The full object.
        case object = "Object"
    }

    /// The kind the rows show.
    let type: ResourceType
    /// "v1" or "v1beta1".
    let version: String
    /// What rows carry as their object.
    let include: IncludeObject

    /// A builder for a request that negotiated a Table; nil when it asked for plain JSON.
    /// An unknown `includeObject` is a 400.
    static func forRequest(_ type: ResourceType, accept: String?, includeObject: String?) throws -> TableBuilder? {
        guard case .table(let version) = try TableNegotiation.negotiate(accept) else { return nil }
        let include: IncludeObject
        switch includeObject ?? "" {
        case "": include = .metadata
        case let raw:
            guard let value = IncludeObject(rawValue: raw) else {
                throw APIError.badRequest("unrecognized includeObject value: \"\(raw)\"")
            }
            include = value
        }
        return TableBuilder(type: type, version: version, include: include)
    }

    /// A Table of one object (a GET) or of a list document's `items` with the list's metadata.
    func table(_ document: JSONValue, now: Date = Date()) -> JSONValue {
        if let items = document["items"]?.arrayValue, document.kind?.hasSuffix("List") ?? true {
            return table(items, metadata: document["metadata"] ?? [:], now: now)
        }
        let revision = document[path: "metadata", "resourceVersion"].map { JSONValue.object(["resourceVersion": $0]) }
        return table([document], metadata: revision ?? [:], now: now)
    }

    /// A Table of `objects` carrying `metadata` (resourceVersion, continue).
    func table(_ objects: [JSONValue], metadata: JSONValue, now: Date = Date()) -> JSONValue {
        let printer = TablePrinters.printer(for: type)
        return [
            "kind": "Table", "apiVersion": .string("meta.k8s.io/\(version)"), "metadata": metadata,
            "columnDefinitions": .array(printer.columns.map(\.json)),
            "rows": .array(objects.map { row($0, printer: printer, now: now) }),
        ]
    }

    private func row(_ object: JSONValue, printer: TablePrinter, now: Date) -> JSONValue {
        var row: [String: JSONValue] = ["cells": .array(printer.cells(object, now))]
        if let conditions = printer.conditions(object) { row["conditions"] = conditions }
        switch include {
        case .none: break
        case .object: row["object"] = object
        case .metadata:
            row["object"] = ["kind": "PartialObjectMetadata", "apiVersion": .string("meta.k8s.io/\(version)"),
                             "metadata": object["metadata"] ?? [:]]
        }
        return .object(row)
    }

    /// A watch event whose object becomes a one-row Table; ERROR and BOOKMARK events pass as
    /// they are.
    func event(_ event: WatchEvent) -> WatchEvent {
        guard event.type != "ERROR", event.type != "BOOKMARK" else { return event }
        return WatchEvent(type: event.type, object: table(event.object), revision: event.revision)
    }
}
