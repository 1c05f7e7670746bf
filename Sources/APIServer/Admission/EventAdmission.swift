import Kernel

/// Events (core/v1): the involved object's namespace matches the Event's (cluster-scoped
/// objects' events live in "default"), new-style events (with `eventTime`) are Normal or
/// Warning, and a PUT may create an Event, as in Kubernetes.
struct EventAdmission: KindAdmission {
    var hasStatusSubresource: Bool { false }
    var allowsCreateOnUpdate: Bool { true }

    static let types = ["Normal", "Warning"]

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        let namespace = object.namespace ?? ""
        let involved = object[path: "involvedObject", "namespace"]?.stringValue ?? ""
        if involved.isEmpty ? (namespace != "" && namespace != "default") : involved != namespace {
            causes.append(.invalid("involvedObject.namespace", .string(involved), "does not match event.namespace"))
        }
        if let eventTime = object["eventTime"], !eventTime.isNull {
            if eventTime.stringValue.flatMap(KubeTime.parse) == nil {
                causes.append(.invalid("eventTime", eventTime, "must be a timestamp in RFC 3339 format with microseconds"))
            }
            if let type = object["type"]?.stringValue, !Self.types.contains(type) {
                causes.append(.notSupported("type", .string(type), Self.types))
            }
            if (object["reportingComponent"]?.stringValue ?? "").isEmpty {
                causes.append(.required("reportingComponent"))
            }
        }
        return causes
    }
}
