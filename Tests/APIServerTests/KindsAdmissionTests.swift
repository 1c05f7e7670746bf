import APIServer
import Foundation
import Kernel
import Testing

/// A ConfigMap with string data.
func configMap(_ name: String, data: [String: String] = ["a": "b"]) -> JSONValue {
    ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)], "data": .object(data.mapValues(JSONValue.string))]
}

/// A Secret with the given `type` (Opaque when nil) and `data` as already-encoded values.
func secret(_ name: String, type: String? = nil, data: [String: String] = [:]) -> JSONValue {
    var object: JSONValue = ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": .string(name)]]
    if !data.isEmpty { object["data"] = .object(data.mapValues(JSONValue.string)) }
    if let type { object["type"] = .string(type) }
    return object
}

/// A Job running one busybox container.
func job(_ name: String, restartPolicy: String? = "Never") -> JSONValue {
    var object: JSONValue = [
        "apiVersion": "batch/v1", "kind": "Job", "metadata": ["name": .string(name)],
        "spec": ["template": ["spec": ["containers": [["name": "main", "image": "busybox", "command": ["true"]]]]]],
    ]
    if let restartPolicy { object[path: "spec", "template", "spec", "restartPolicy"] = .string(restartPolicy) }
    return object
}

/// base64 of a UTF-8 string.
func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

@Suite("Admission of ConfigMaps, Secrets, ServiceAccounts, EndpointSlices, Jobs, Leases and Events")
struct KindsAdmissionTests {
    @Test("ConfigMap keys must be config keys, unique across data and binaryData, and immutable data stays")
    func configMaps() async throws {
        try await withAPI { api in
            let created = try await api.create(.configMaps, namespace: "default", object: configMap("app", data: ["a.b_C-1": "x"]))
            #expect(created["data"] == ["a.b_C-1": "x"])
            #expect(created["status"] == nil)

            let badKey = await expectAPIError { _ = try await api.create(.configMaps, namespace: "default", object: configMap("bad", data: ["a/b": "x"])) }
            #expect(badKey?.code == 422)
            #expect(badKey?.reason == "Invalid")
            #expect(badKey?.causes.map(\.field) == ["data[a/b]"])
            #expect(badKey?.causes.first?.message.contains("[-._a-zA-Z0-9]+") == true)

            var both = configMap("both", data: ["k": "v"])
            both["binaryData"] = ["k": .string(base64("v"))]
            let duplicate = await expectAPIError { _ = try await api.create(.configMaps, namespace: "default", object: both) }
            #expect(duplicate?.causes.map(\.field) == ["data[k]", "binaryData[k]"])

            let huge = configMap("huge", data: ["big": String(repeating: "x", count: 1024 * 1024 + 1)])
            let tooLarge = await expectAPIError { _ = try await api.create(.configMaps, namespace: "default", object: huge) }
            #expect(tooLarge?.causes.first?.type == "FieldValueTooLong")

            var frozen = configMap("frozen")
            frozen["immutable"] = true
            var stored = try await api.create(.configMaps, namespace: "default", object: frozen)
            stored["data"] = ["a": "changed"]
            let immutable = await expectAPIError { _ = try await api.update(.configMaps, namespace: "default", object: stored) }
            #expect(immutable?.causes.map(\.field) == ["data"])
            #expect(immutable?.causes.first?.message == "Forbidden: field is immutable when `immutable` is set")
        }
    }

    @Test("Secrets default to Opaque, merge stringData into base64 data and drop it")
    func secretDefaults() async throws {
        try await withAPI { api in
            var object = secret("creds", data: ["user": base64("admin")])
            object["stringData"] = ["password": "s3cret", "user": "root"]
            let created = try await api.create(.secrets, namespace: "default", object: object)
            #expect(created["type"] == "Opaque")
            #expect(created["stringData"] == nil)
            #expect(created["data"] == ["user": .string(base64("root")), "password": .string(base64("s3cret"))])

            var update = created
            update["stringData"] = ["extra": "e"]
            let updated = try await api.update(.secrets, namespace: "default", object: update)
            #expect(updated[path: "data", "extra"] == .string(base64("e")))
            #expect(updated["stringData"] == nil)

            var retyped = updated
            retyped["type"] = "kubernetes.io/basic-auth"
            let typeChange = await expectAPIError { _ = try await api.update(.secrets, namespace: "default", object: retyped) }
            #expect(typeChange?.causes.map(\.field) == ["type"])
            #expect(typeChange?.causes.first?.message.hasSuffix("field is immutable") == true)
        }
    }

    @Test("Secret values must be base64 and each built-in type needs its keys")
    func secretValidation() async throws {
        try await withAPI { api in
            let invalid = await expectAPIError { _ = try await api.create(.secrets, namespace: "default", object: secret("bad", data: ["k": "not base64!"])) }
            #expect(invalid?.code == 422)
            #expect(invalid?.causes.map(\.field) == ["data[k]"])

            let tls = await expectAPIError { _ = try await api.create(.secrets, namespace: "default", object: secret("tls", type: "kubernetes.io/tls")) }
            #expect(tls?.causes.map(\.field) == ["data[tls.crt]", "data[tls.key]"])
            #expect(tls?.causes.first?.message == "Required value")
            _ = try await api.create(.secrets, namespace: "default", object: secret("tls-ok", type: "kubernetes.io/tls",
                                                                                        data: ["tls.crt": base64("c"), "tls.key": base64("k")]))

            let docker = await expectAPIError { _ = try await api.create(.secrets, namespace: "default", object: secret("d", type: "kubernetes.io/dockerconfigjson")) }
            #expect(docker?.causes.map(\.field) == ["data[.dockerconfigjson]"])
            let notJSON = await expectAPIError {
                _ = try await api.create(.secrets, namespace: "default", object: secret("d", type: "kubernetes.io/dockerconfigjson", data: [".dockerconfigjson": base64("{")]))
            }
            #expect(notJSON?.causes.map(\.field) == ["data[.dockerconfigjson]"])
            _ = try await api.create(.secrets, namespace: "default", object: secret("d", type: "kubernetes.io/dockerconfigjson",
                                                                                    data: [".dockerconfigjson": base64(#"{"auths":{}}"#)]))

            let basic = await expectAPIError { _ = try await api.create(.secrets, namespace: "default", object: secret("b", type: "kubernetes.io/basic-auth")) }
            #expect(basic?.causes.map(\.field) == ["data[username]", "data[password]"])
            let ssh = await expectAPIError { _ = try await api.create(.secrets, namespace: "default", object: secret("s", type: "kubernetes.io/ssh-auth")) }
            #expect(ssh?.causes.map(\.field) == ["data[ssh-privatekey]"])

            var frozen = secret("frozen", data: ["k": base64("v")])
            frozen["immutable"] = true
            var stored = try await api.create(.secrets, namespace: "default", object: frozen)
            stored["data"] = ["k": .string(base64("w"))]
            let immutable = await expectAPIError { _ = try await api.update(.secrets, namespace: "default", object: stored) }
            #expect(immutable?.causes.map(\.field) == ["data"])
        }
    }

    @Test("ServiceAccounts are stored as sent, without status")
    func serviceAccounts() async throws {
        try await withAPI { api in
            let object: JSONValue = ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "builder"],
                                     "imagePullSecrets": [["name": "registry"]], "automountServiceAccountToken": false]
            let created = try await api.create(.serviceAccounts, namespace: "default", object: object)
            #expect(created["imagePullSecrets"] == [["name": "registry"]])
            #expect(created["status"] == nil)
            let bad = await expectAPIError {
                _ = try await api.create(.serviceAccounts, namespace: "default", object: ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "Bad_Name"]])
            }
            #expect(bad?.causes.map(\.field) == ["metadata.name"])
        }
    }

    @Test("Jobs get Kubernetes' defaults and a selector generated from their uid")
    func jobDefaults() async throws {
        try await withAPI { api in
            let created = try await api.create(.jobs, namespace: "default", object: job("pi"))
            let spec = try #require(created["spec"])
            #expect(spec["completions"] == 1)
            #expect(spec["parallelism"] == 1)
            #expect(spec["backoffLimit"] == 6)
            #expect(spec["completionMode"] == "NonIndexed")
            #expect(spec["suspend"] == false)
            #expect(spec["manualSelector"] == false)
            #expect(created[path: "metadata", "generation"] == 1)
            let uid = try #require(created.uid)
            #expect(spec[path: "selector", "matchLabels"] == ["batch.kubernetes.io/controller-uid": .string(uid)])
            let labels = spec[path: "template", "metadata", "labels"]
            #expect(labels?["batch.kubernetes.io/controller-uid"] == .string(uid))
            #expect(labels?["batch.kubernetes.io/job-name"] == "pi")
            #expect(labels?["controller-uid"] == .string(uid))
            #expect(labels?["job-name"] == "pi")
            #expect(spec[path: "template", "spec", "restartPolicy"] == "Never")

            var parallel = job("queue")
            parallel[path: "spec", "parallelism"] = 3
            let queue = try await api.create(.jobs, namespace: "default", object: parallel)
            #expect(queue[path: "spec", "parallelism"] == 3)
            #expect(queue[path: "spec", "completions"] == nil)

            var changed = created
            changed[path: "spec", "template", "spec", "containers"] = [["name": "main", "image": "alpine"]]
            let immutable = await expectAPIError { _ = try await api.update(.jobs, namespace: "default", object: changed) }
            #expect(immutable?.causes.map(\.field) == ["spec.template"])

            var resumed = created
            resumed[path: "spec", "suspend"] = true
            let suspended = try await api.update(.jobs, namespace: "default", object: resumed)
            #expect(suspended[path: "metadata", "generation"] == 2)
        }
    }

    @Test("a Job's template restartPolicy must be Never or OnFailure")
    func jobRestartPolicy() async throws {
        try await withAPI { api in
            for policy in ["Always", nil] as [String?] {
                let error = await expectAPIError { _ = try await api.create(.jobs, namespace: "default", object: job("bad", restartPolicy: policy)) }
                #expect(error?.code == 422)
                #expect(error?.causes.map(\.field) == ["spec.template.spec.restartPolicy"])
                #expect(error?.causes.first?.message == #"Unsupported value: "Always": supported values: "OnFailure", "Never""#)
            }
            _ = try await api.create(.jobs, namespace: "default", object: job("ok", restartPolicy: "OnFailure"))
            var negative = job("neg")
            negative[path: "spec", "backoffLimit"] = -1
            let error = await expectAPIError { _ = try await api.create(.jobs, namespace: "default", object: negative) }
            #expect(error?.causes.map(\.field) == ["spec.backoffLimit"])

            let longName = await expectAPIError { _ = try await api.create(.jobs, namespace: "default", object: job(String(repeating: "j", count: 64))) }
            #expect(longName?.causes.first?.field == "spec.template.metadata.labels")
            #expect(longName?.causes.first?.message.hasSuffix("must be no more than 63 characters") == true)
        }
    }

    @Test("EndpointSlices need an address type, addresses of that type and valid ports")
    func endpointSlices() async throws {
        try await withAPI { api in
            var slice: JSONValue = [
                "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                "metadata": ["name": "web-abc", "labels": ["kubernetes.io/service-name": "web"]],
                "addressType": "IPv4",
                "endpoints": [["addresses": ["10.0.0.5"], "conditions": ["ready": true]]],
                "ports": [["port": 80]],
            ]
            let created = try await api.create(.endpointSlices, namespace: "default", object: slice)
            #expect(created[path: "ports"] == [["port": 80, "protocol": "TCP", "name": ""]])
            #expect(created.labels["kubernetes.io/service-name"] == "web")

            slice["addressType"] = nil
            slice["endpoints"] = [["addresses": ["not-an-ip"]], ["addresses": []]]
            slice["ports"] = [["port": 70000]]
            let error = await expectAPIError { _ = try await api.create(.endpointSlices, namespace: "default", object: slice) }
            #expect(error?.causes.map(\.field) == ["addressType", "endpoints[1].addresses", "ports[0].port"])

            slice["addressType"] = "IPv4"
            let wrongFamily = await expectAPIError { _ = try await api.create(.endpointSlices, namespace: "default", object: slice) }
            #expect(wrongFamily?.causes.map(\.field).contains("endpoints[0].addresses[0]") == true)

            var retyped = created
            retyped["addressType"] = "IPv6"
            retyped["endpoints"] = [["addresses": ["fd00::1"]]]
            let immutable = await expectAPIError { _ = try await api.update(.endpointSlices, namespace: "default", object: retyped) }
            #expect(immutable?.causes.map(\.field) == ["addressType"])
        }
    }

    @Test("Leases take MicroTime renew times and positive durations")
    func leases() async throws {
        try await withAPI { api in
            let now = KubeTime.micro()
            let lease: JSONValue = [
                "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                "metadata": ["name": "node-1", "namespace": "kube-node-lease"],
                "spec": ["holderIdentity": "node-1", "leaseDurationSeconds": 40, "acquireTime": .string(now), "renewTime": .string(now)],
            ]
            let created = try await api.create(.leases, namespace: "kube-node-lease", object: lease)
            #expect(created[path: "spec", "renewTime"] == .string(now))

            var bad = lease
            bad[path: "metadata", "name"] = "node-2"
            bad[path: "spec", "leaseDurationSeconds"] = 0
            bad[path: "spec", "renewTime"] = "yesterday"
            let error = await expectAPIError { _ = try await api.create(.leases, namespace: "kube-node-lease", object: bad) }
            #expect(error?.causes.map(\.field) == ["spec.leaseDurationSeconds", "spec.renewTime"])
        }
    }

    @Test("Events must live in their involved object's namespace")
    func events() async throws {
        try await withAPI { api in
            var event: JSONValue = [
                "apiVersion": "v1", "kind": "Event", "metadata": ["name": "web.1"],
                "involvedObject": ["kind": "Pod", "name": "web", "namespace": "default"],
                "reason": "Started", "message": "started", "type": "Normal", "count": 1,
            ]
            _ = try await api.create(.events, namespace: "default", object: event)
            event[path: "metadata", "name"] = "web.2"
            event[path: "involvedObject", "namespace"] = "kube-system"
            let error = await expectAPIError { _ = try await api.create(.events, namespace: "default", object: event) }
            #expect(error?.causes.map(\.field) == ["involvedObject.namespace"])
            #expect(error?.causes.first?.message == #"Invalid value: "kube-system": does not match event.namespace"#)
        }
    }
}
