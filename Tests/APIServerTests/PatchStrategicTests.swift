@testable import APIServer
import Kernel
import Testing

@Suite("Strategic merge patch")
struct PatchStrategicTests {
    private func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }
    private func apply(_ patch: String, to original: String) throws -> JSONValue {
        try StrategicMergePatch.apply(try json(patch), to: try json(original))
    }

    private let podSpec = #"""
    {"metadata":{"finalizers":["a"],"labels":{"x":"1"}},
     "spec":{"containers":[
        {"name":"web","image":"nginx:1","ports":[{"containerPort":80,"name":"http"},{"containerPort":443}],
         "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"volumeMounts":[{"mountPath":"/data","name":"d"}]},
        {"name":"side","image":"busybox"}],
      "volumes":[{"name":"d","emptyDir":{}}],
      "tolerations":[{"key":"k1","operator":"Exists"}],
      "imagePullSecrets":[{"name":"s1"}]}}
    """#

    @Test("containers, ports, env and volumeMounts merge on their keys")
    func mergeKeys() throws {
        let result = try apply(#"""
        {"spec":{"containers":[{"name":"web","image":"nginx:2","ports":[{"containerPort":8080}],
            "env":[{"name":"B","value":"3"},{"name":"C","value":"4"}],"volumeMounts":[{"mountPath":"/data","readOnly":true}]}]}}
        """#, to: podSpec)
        let containers = result[path: "spec", "containers"]?.arrayValue ?? []
        #expect(containers.count == 2)
        #expect(containers[0]["image"] == "nginx:2")
        #expect(containers[1]["name"] == "side")
        #expect(containers[0]["ports"] == (try json(#"[{"containerPort":80,"name":"http"},{"containerPort":443},{"containerPort":8080}]"#)))
        #expect(containers[0]["env"] == (try json(#"[{"name":"A","value":"1"},{"name":"B","value":"3"},{"name":"C","value":"4"}]"#)))
        #expect(containers[0]["volumeMounts"] == (try json(#"[{"mountPath":"/data","name":"d","readOnly":true}]"#)))
    }

    @Test("service ports merge on port; tolerations are atomic; volumes and imagePullSecrets merge on name")
    func otherLists() throws {
        let service = try apply(#"{"spec":{"ports":[{"port":80,"targetPort":8080},{"port":81}]}}"#,
                                to: #"{"spec":{"ports":[{"port":80,"protocol":"TCP"},{"port":90}]}}"#)
        #expect(service[path: "spec", "ports"] == (try json(#"[{"port":80,"protocol":"TCP","targetPort":8080},{"port":90},{"port":81}]"#)))
        let pod = try apply(#"{"spec":{"tolerations":[{"key":"k2","operator":"Exists"}],"volumes":[{"name":"e","emptyDir":{}}],"imagePullSecrets":[{"name":"s2"}]}}"#, to: podSpec)
        #expect(pod[path: "spec", "tolerations"] == (try json(#"[{"key":"k2","operator":"Exists"}]"#)))
        #expect(pod[path: "spec", "volumes"]?.arrayValue?.count == 2)
        #expect(pod[path: "spec", "imagePullSecrets"]?.arrayValue?.count == 2)
    }

    @Test("finalizers merge as a set; ownerReferences on uid; conditions on type")
    func metadataAndConditions() throws {
        let result = try apply(#"""
        {"metadata":{"finalizers":["b","a"],"ownerReferences":[{"uid":"u1","name":"new"}]},
         "status":{"conditions":[{"type":"Ready","status":"True"}]}}
        """#, to: #"""
        {"metadata":{"finalizers":["a"],"ownerReferences":[{"uid":"u1","name":"old","kind":"ReplicaSet"},{"uid":"u2"}]},
         "status":{"conditions":[{"type":"Ready","status":"False"},{"type":"Initialized","status":"True"}]}}
        """#)
        #expect(result[path: "metadata", "finalizers"] == ["a", "b"])
        #expect(result[path: "metadata", "ownerReferences"] == (try json(#"[{"uid":"u1","name":"new","kind":"ReplicaSet"},{"uid":"u2"}]"#)))
        #expect(result[path: "status", "conditions"] == (try json(#"[{"type":"Ready","status":"True"},{"type":"Initialized","status":"True"}]"#)))
    }

    @Test("null deletes a field; $patch delete removes a list element; $patch replace replaces a map or list")
    func directives() throws {
        let result = try apply(#"""
        {"metadata":{"labels":null},
         "spec":{"containers":[{"name":"side","$patch":"delete"},{"name":"web","env":[{"$patch":"replace"},{"name":"Z","value":"9"}]}],
                 "volumes":[{"name":"d","$patch":"replace","hostPath":{"path":"/x"}}]}}
        """#, to: podSpec)
        #expect(result[path: "metadata", "labels"] == nil)
        let containers = result[path: "spec", "containers"]?.arrayValue ?? []
        #expect(containers.map { $0["name"] } == ["web"])
        #expect(containers.first?["env"] == (try json(#"[{"name":"Z","value":"9"}]"#)))
        #expect(result[path: "spec", "volumes"] == (try json(#"[{"name":"d","hostPath":{"path":"/x"}}]"#)), "\(result[path: "spec", "volumes"]?.text ?? "")")
        let replacedMap = try apply(#"{"metadata":{"labels":{"$patch":"replace","y":"2"}}}"#, to: podSpec)
        #expect(replacedMap[path: "metadata", "labels"] == ["y": "2"])
        let deletedMap = try apply(#"{"metadata":{"labels":{"$patch":"delete"}}}"#, to: podSpec)
        #expect(deletedMap[path: "metadata", "labels"] == nil)
    }

    @Test("$deleteFromPrimitiveList, $retainKeys and $setElementOrder")
    func listDirectives() throws {
        let deleted = try apply(#"{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}"#, to: #"{"metadata":{"finalizers":["a","b"]}}"#)
        #expect(deleted[path: "metadata", "finalizers"] == ["b"])
        let retained = try apply(#"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#,
                                 to: #"{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}"#)
        #expect(retained[path: "spec", "strategy"] == ["type": "Recreate"])
        let ordered = try apply(#"""
        {"spec":{"$setElementOrder/containers":[{"name":"side"},{"name":"web"}],"containers":[{"name":"web","image":"nginx:3"}]}}
        """#, to: podSpec)
        #expect(ordered[path: "spec", "containers"]?.arrayValue?.map { $0["name"] } == ["side", "web"])
        #expect(ordered[path: "spec", "containers"]?.arrayValue?.last?["image"] == "nginx:3")
    }

    @Test("a merge-keyed element without its key and a non-object patch fail")
    func failures() throws {
        #expect(throws: PatchFailure.self) { try apply(#"{"spec":{"containers":[{"image":"x"}]}}"#, to: podSpec) }
        #expect(throws: PatchFailure.self) { try StrategicMergePatch.apply(.array([]), to: [:]) }
    }

    @Test("the merge-key table resolves container ports and service ports differently")
    func table() {
        #expect(StrategicMergeKeys.rule(for: ["spec", "template", "spec", "containers", "ports"]) == .mergeKey("containerPort"))
        #expect(StrategicMergeKeys.rule(for: ["spec", "ports"]) == .mergeKey("port"))
        #expect(StrategicMergeKeys.rule(for: ["spec", "tolerations"]) == nil)
        #expect(StrategicMergeKeys.rule(for: ["metadata", "finalizers"]) == .primitiveSet)
    }
}
