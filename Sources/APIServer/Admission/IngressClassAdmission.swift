import Kernel

/// IngressClasses (networking.k8s.io/v1, cluster-scoped, no status): a required
/// domain-prefixed controller name of at most 250 characters that may not change, and an
/// optional parameters reference (kind and name required, scope Cluster by default or
/// Namespace with a namespace). No ingress controller reads them yet.
struct IngressClassAdmission: KindAdmission {
    var hasStatusSubresource: Bool { false }
    var tracksGeneration: Bool { true }

    static let scopes = ["Cluster", "Namespace"]

    func applyDefaults(_ object: inout JSONValue) {
        guard var parameters = object[path: "spec", "parameters"], parameters.objectValue != nil else { return }
        PodSpecDefaults.setIfAbsent(&parameters, "scope", "Cluster")
        object[path: "spec", "parameters"] = parameters
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        let controller = object[path: "spec", "controller"]?.stringValue ?? ""
        if controller.isEmpty {
            causes.append(.required("spec.controller"))
        } else if controller.count > 250 {
            causes.append(APIError.Cause(type: "FieldValueTooLong", field: "spec.controller", message: "Too long: may not be more than 250 bytes"))
        } else if let slash = controller.firstIndex(of: "/") {
            let domain = String(controller[..<slash])
            causes += NameValidation.subdomainProblems(domain).map { .invalid("spec.controller", .string(controller), $0) }
        } else {
            causes.append(.invalid("spec.controller", .string(controller), "must be a domain-prefixed path (such as \"acme.io/foo\")"))
        }
        if let parameters = object[path: "spec", "parameters"], !parameters.isNull {
            if (parameters["kind"]?.stringValue ?? "").isEmpty { causes.append(.required("spec.parameters.kind")) }
            if (parameters["name"]?.stringValue ?? "").isEmpty { causes.append(.required("spec.parameters.name")) }
            let scope = parameters["scope"] ?? .null
            let namespace = parameters["namespace"]?.stringValue ?? ""
            if !Self.scopes.contains(scope.stringValue ?? "") {
                causes.append(.notSupported("spec.parameters.scope", scope, Self.scopes))
            } else if scope.stringValue == "Namespace" && namespace.isEmpty {
                causes.append(.required("spec.parameters.namespace", "`parameters.scope` is set to 'Namespace'"))
            } else if scope.stringValue == "Cluster" && !namespace.isEmpty {
                causes.append(.forbidden("spec.parameters.namespace", "`parameters.scope` is set to 'Cluster'"))
            }
        }
        return causes
    }

    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        let oldController = old[path: "spec", "controller"]
        let newController = new[path: "spec", "controller"]
        return oldController == newController ? [] : [.immutable("spec.controller", newController ?? .null)]
    }
}
