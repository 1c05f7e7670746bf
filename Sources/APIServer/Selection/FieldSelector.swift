import Kernel

/// An equality-based field selector, `?fieldSelector=spec.nodeName=node-1`, limited to the fields
/// Kubernetes supports for each kind.
public struct FieldSelector: Sendable, Hashable {
    /// One requirement: the field at `path` equals (or, when `negated`, differs from) `value`;
    /// an absent field reads as "".
    public struct Requirement: Sendable, Hashable {
        /// The dotted field path, "spec.nodeName".
        public let field: String
        /// The value compared against.
        public let value: String
        /// `!=` instead of `=`.
        public let negated: Bool
        /// Creates a requirement.
        public init(field: String, value: String, negated: Bool = false) {
            self.field = field
            self.value = value
            self.negated = negated
        }
    }

    /// The requirements, all of which must hold.
    public let requirements: [Requirement]

    /// The selector that matches everything.
    public static let everything = FieldSelector(requirements: [])

    /// Creates a selector from requirements.
    public init(requirements: [Requirement]) { self.requirements = requirements }

    /// Parses "a.b=v,c!=w" for `type`; throws `APIError` 400 for syntax errors and for fields
    /// Kubernetes does not index for that kind.
    public init(parsing text: String, for type: ResourceType) throws {
        let labels = try LabelSelector(parsing: text)
        let supported = FieldSelector.supportedFields(type)
        requirements = try labels.requirements.map { requirement in
            guard requirement.isEquality else {
                throw APIError.badRequest("invalid field selector: '\(requirement.text)': field selectors support only =, == and !=")
            }
            guard supported.contains(requirement.key) else {
                throw APIError.badRequest("field label not supported: \(requirement.key)")
            }
            return Requirement(field: requirement.key, value: requirement.value, negated: requirement.negated)
        }
    }

    /// Whether the selector matches everything.
    public var isEmpty: Bool { requirements.isEmpty }

    /// Whether an object satisfies every requirement.
    public func matches(_ object: JSONValue) -> Bool {
        requirements.allSatisfy { requirement in
            let actual = FieldSelector.value(of: requirement.field, in: object)
            return requirement.negated ? actual != requirement.value : actual == requirement.value
        }
    }

    /// The fields Kubernetes lets clients select on for a kind.
    static func supportedFields(_ type: ResourceType) -> Set<String> {
        var fields: Set<String> = ["metadata.name"]
        if type.namespaced { fields.insert("metadata.namespace") }
        switch type {
        case .pods:
            fields.formUnion(["spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
                              "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"])
        case .nodes:
            fields.insert("spec.unschedulable")
        case .namespaces:
            fields.insert("status.phase")
        case .events:
            fields.formUnion(["involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                              "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                              "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"])
        case .services:
            fields.insert("spec.clusterIP")
        case .secrets:
            fields.insert("type")
        case .replicationControllers:
            fields.insert("status.replicas")
        default:
            break
        }
        return fields
    }

    private static func value(of field: String, in object: JSONValue) -> String {
        var current: JSONValue? = object
        for component in field.split(separator: ".") {
            current = current?[String(component)]
        }
        switch current {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        default: return ""
        }
    }
}
