@testable import APIServer
import Testing

/// The definitions protobuf bodies are decoded with must be decodable: every reference
/// resolves, and no two fields of a message share a wire number.
@Suite("Protobuf: the type definitions are consistent")
struct ProtobufDefinitionTests {
    /// The element type behind lists and maps.
    private func innermost(_ type: FieldType) -> FieldType {
        switch type {
        case .array(let element), .map(let element): innermost(element)
        default: type
        }
    }

    @Test("every .ref names a known definition and field numbers are unique per message")
    func consistent() {
        for definition in APITypes.all {
            var numbers: Set<Int> = []
            var embedded: Set<Int> = []
            for field in definition.fields {
                if case .ref(let name) = innermost(field.type) {
                    #expect(APITypes.byName[name] != nil, "\(definition.name).\(field.name) refers to unknown \(name)")
                }
                if let outer = field.embeddedIn {
                    embedded.insert(outer)
                } else if field.proto != 0 {
                    #expect(numbers.insert(field.proto).inserted, "\(definition.name) uses field number \(field.proto) twice")
                }
            }
            #expect(numbers.isDisjoint(with: embedded), "\(definition.name): an embedded struct's number is also a field's")
        }
    }

    @Test("the apps, batch, coordination, discovery and autoscaling kinds are registered", arguments: [
        ("apps", "Deployment"), ("apps", "ReplicaSet"), ("batch", "Job"), ("coordination.k8s.io", "Lease"),
        ("discovery.k8s.io", "EndpointSlice"), ("autoscaling", "Scale"),
    ])
    func kinds(group: String, kind: String) {
        #expect(APITypes.definition(for: GroupVersionKind(group: group, version: "v1", kind: kind)) != nil)
    }

    @Test("pointer fields keep zeros: Deployment replicas, Job backoffLimit, Lease holderIdentity")
    func pointers() {
        #expect(APITypes.byName["io.k8s.api.apps.v1.DeploymentSpec"]?.field("replicas")?.pointer == true)
        #expect(APITypes.byName["io.k8s.api.batch.v1.JobSpec"]?.field("backoffLimit")?.pointer == true)
        #expect(APITypes.byName["io.k8s.api.coordination.v1.LeaseSpec"]?.field("holderIdentity")?.pointer == true)
        #expect(APITypes.byName["io.k8s.api.apps.v1.DeploymentStatus"]?.field("conditions")?.patchMergeKey == "type")
    }
}
