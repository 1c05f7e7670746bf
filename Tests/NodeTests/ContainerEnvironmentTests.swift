import Foundation
import Kernel
@testable import Node
import Testing

/// ConfigMaps and Secrets served from memory (Secret values given in plain text, stored base64
/// as in the API object), counting reads.
struct FakeEnvironmentObjects: EnvironmentObjects {
    var configMaps: [String: [String: String]] = [:]
    var secrets: [String: [String: String]] = [:]
    var failure: APIError?

    func configMapData(namespace: String, name: String) async throws -> [String: String]? {
        if let failure { throw failure }
        return configMaps["\(namespace)/\(name)"]
    }

    func secretData(namespace: String, name: String) async throws -> [String: String]? {
        if let failure { throw failure }
        // Round-trip through base64, as the Secret object holds it.
        return secrets["\(namespace)/\(name)"]?.mapValues { APIEnvironmentObjects.decode(Data($0.utf8).base64EncodedString()) }
    }
}

/// The container environment as the kubelet builds it.
@Suite struct ContainerEnvironmentTests {
    static let pod = PodView(pod: [
        "metadata": ["name": "web", "namespace": "shop", "uid": "u-1",
                     "labels": ["app": "shop"], "annotations": ["team": "blue"]],
        "spec": ["serviceAccountName": "builder", "nodeName": "n1", "containers": [
            ["name": "c", "resources": ["limits": ["cpu": "500m", "memory": "64Mi"], "requests": ["cpu": "250m"]]],
            ["name": "side", "resources": ["limits": ["memory": "1Gi"]]],
        ]],
    ])

    static func environment(_ objects: FakeEnvironmentObjects = FakeEnvironmentObjects()) -> ContainerEnvironment {
        ContainerEnvironment(pod: pod, podIPs: ["127.244.0.5", "fd00::5"], hostIP: "127.0.0.1", nodeName: "n1",
                             allocatable: ["cpu": "4", "memory": "8Gi", "ephemeral-storage": "100Gi"], objects: objects)
    }

    static func container(env: [JSONValue] = [], envFrom: [JSONValue] = [], resources: JSONValue? = nil) -> ContainerSpec {
        var json: JSONValue = ["name": "c", "env": .array(env), "envFrom": .array(envFrom)]
        json["resources"] = resources ?? ["limits": ["cpu": "500m", "memory": "64Mi"], "requests": ["cpu": "250m"]]
        return ContainerSpec(json: json, index: 0, isInit: false)
    }

    static func values(_ environment: ContainerEnvironment, _ container: ContainerSpec) async throws -> [String: String] {
        Dictionary(try await environment.variables(for: container), uniquingKeysWith: { _, last in last })
    }

    static func field(_ name: String, _ path: String) -> JSONValue {
        ["name": .string(name), "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": .string(path)]]]
    }

    static func resource(_ name: String, _ resource: String, divisor: String? = nil, container: String? = nil) -> JSONValue {
        var reference: JSONValue = ["resource": .string(resource)]
        if let divisor { reference["divisor"] = .string(divisor) }
        if let container { reference["containerName"] = .string(container) }
        return ["name": .string(name), "valueFrom": ["resourceFieldRef": reference]]
    }

    static func keyRef(_ name: String, _ kind: String, _ object: String, _ key: String, optional: Bool? = nil) -> JSONValue {
        var reference: JSONValue = ["name": .string(object), "key": .string(key)]
        if let optional { reference["optional"] = .bool(optional) }
        var source: JSONValue = [:]
        source[kind] = reference
        return ["name": .string(name), "valueFrom": source]
    }

    @Test func everyFieldPath() async throws {
        let env = [
            Self.field("NAME", "metadata.name"), Self.field("NS", "metadata.namespace"), Self.field("UID", "metadata.uid"),
            Self.field("APP", "metadata.labels['app']"), Self.field("TEAM", "metadata.annotations['team']"),
            Self.field("NONE", "metadata.labels['absent']"),
            Self.field("NODE", "spec.nodeName"), Self.field("SA", "spec.serviceAccountName"),
            Self.field("HOST", "status.hostIP"), Self.field("HOSTS", "status.hostIPs"),
            Self.field("IP", "status.podIP"), Self.field("IPS", "status.podIPs"),
        ]
        let values = try await Self.values(Self.environment(), Self.container(env: env))
        #expect(values == [
            "NAME": "web", "NS": "shop", "UID": "u-1", "APP": "shop", "TEAM": "blue", "NONE": "", "NODE": "n1", "SA": "builder",
            "HOST": "127.0.0.1", "HOSTS": "127.0.0.1", "IP": "127.244.0.5", "IPS": "127.244.0.5,fd00::5",
        ])
        await #expect(throws: ContainerConfigError(message: "unsupported fieldPath: spec.hostname")) {
            try await Self.environment().variables(for: Self.container(env: [Self.field("X", "spec.hostname")]))
        }
    }

    @Test func resourceFieldsRoundUpByDivisorAndLimitsDefaultToAllocatable() async throws {
        let env = [
            Self.resource("CPU_LIMIT", "limits.cpu"), Self.resource("CPU_LIMIT_M", "limits.cpu", divisor: "1m"),
            Self.resource("CPU_REQUEST", "requests.cpu", divisor: "100m"), Self.resource("CPU_REQ_CORES", "requests.cpu"),
            Self.resource("MEM_LIMIT", "limits.memory"), Self.resource("MEM_LIMIT_MI", "limits.memory", divisor: "1Mi"),
            Self.resource("MEM_LIMIT_G", "limits.memory", divisor: "1G"),
            Self.resource("MEM_REQUEST", "requests.memory"),
            Self.resource("STORAGE_LIMIT_GI", "limits.ephemeral-storage", divisor: "1Gi"),
            Self.resource("SIDE_MEM_MI", "limits.memory", divisor: "1Mi", container: "side"),
            Self.resource("SIDE_CPU", "limits.cpu", container: "side"),
        ]
        let values = try await Self.values(Self.environment(), Self.container(env: env))
        #expect(values["CPU_LIMIT"] == "1")  // 500m rounds up to one core
        #expect(values["CPU_LIMIT_M"] == "500")
        #expect(values["CPU_REQUEST"] == "3")  // 250m / 100m, rounded up
        #expect(values["CPU_REQ_CORES"] == "1")
        #expect(values["MEM_LIMIT"] == "67108864")
        #expect(values["MEM_LIMIT_MI"] == "64")
        #expect(values["MEM_LIMIT_G"] == "1")  // 67,108,864 bytes is under 1G: rounds up
        #expect(values["MEM_REQUEST"] == "67108864")  // a missing request is the limit
        #expect(values["STORAGE_LIMIT_GI"] == "100")  // unset limit: the node's allocatable
        #expect(values["SIDE_MEM_MI"] == "1024")
        #expect(values["SIDE_CPU"] == "4")
        let noResources = Self.container(env: [Self.resource("CPU", "limits.cpu"), Self.resource("REQ", "requests.memory")], resources: [:])
        #expect(try await Self.values(Self.environment(), noResources) == ["CPU": "4", "REQ": "0"])
        await #expect(throws: ContainerConfigError(message: "unsupported container resource : limits.gpu")) {
            try await Self.environment().variables(for: Self.container(env: [Self.resource("X", "limits.gpu")]))
        }
    }

    @Test func configMapAndSecretKeysWithOptionalAndErrors() async throws {
        let objects = FakeEnvironmentObjects(configMaps: ["shop/settings": ["mode": "fast", "level": "3"]],
                                  secrets: ["shop/creds": ["password": "s3cr\u{e9}t\n"]])
        let env = [
            Self.keyRef("MODE", "configMapKeyRef", "settings", "mode"),
            Self.keyRef("PASSWORD", "secretKeyRef", "creds", "password"),
            Self.keyRef("OPT_KEY", "configMapKeyRef", "settings", "absent", optional: true),
            Self.keyRef("OPT_MAP", "configMapKeyRef", "nothing", "k", optional: true),
            Self.keyRef("OPT_SECRET", "secretKeyRef", "nothing", "k", optional: true),
        ]
        let variables = try await Self.environment(objects).variables(for: Self.container(env: env))
        #expect(variables.map(\.0) == ["MODE", "PASSWORD"])  // optional misses are left out
        #expect(Dictionary(variables, uniquingKeysWith: { a, _ in a }) == ["MODE": "fast", "PASSWORD": "s3cr\u{e9}t\n"])

        let failures: [(JSONValue, String)] = [
            (Self.keyRef("X", "configMapKeyRef", "nothing", "k"), "configmap \"nothing\" not found"),
            (Self.keyRef("X", "configMapKeyRef", "settings", "k", optional: false), "couldn't find key k in ConfigMap shop/settings"),
            (Self.keyRef("X", "secretKeyRef", "nothing", "k"), "secret \"nothing\" not found"),
            (Self.keyRef("X", "secretKeyRef", "creds", "user"), "couldn't find key user in Secret shop/creds"),
        ]
        for (entry, message) in failures {
            await #expect(throws: ContainerConfigError(message: message)) {
                try await Self.environment(objects).variables(for: Self.container(env: [entry]))
            }
        }
        var broken = objects
        broken.failure = APIError(code: 403, reason: "Forbidden", message: "configmaps \"settings\" is forbidden")
        await #expect(throws: ContainerConfigError(message: "configmaps \"settings\" is forbidden")) {
            try await Self.environment(broken).variables(for: Self.container(env: [Self.keyRef("X", "configMapKeyRef", "settings", "mode", optional: true)]))
        }
    }

    @Test func envFromWithPrefixInvalidNamesAndPrecedence() async throws {
        let objects = FakeEnvironmentObjects(configMaps: ["shop/settings": ["mode": "fast", "LEVEL": "3", "bad=name": "x", "": "y"]],
                                  secrets: ["shop/creds": ["user": "admin", "token": "t0k"]])
        let envFrom: [JSONValue] = [
            ["configMapRef": ["name": "settings"]],
            ["prefix": "DB_", "secretRef": ["name": "creds"]],
            ["configMapRef": ["name": "absent", "optional": true]],
        ]
        let env: [JSONValue] = [
            ["name": "mode", "value": "slow-$(LEVEL)"],  // env overrides envFrom and can refer to it
            ["name": "URL", "value": "db://$(DB_user):$(DB_token)@$(mode)/$$(mode)/$(NOPE)"],
        ]
        let built = try await Self.environment(objects).build(for: Self.container(env: env, envFrom: envFrom))
        #expect(built.variables.map(\.0) == ["LEVEL", "mode", "DB_token", "DB_user", "URL"])
        let values = Dictionary(built.variables, uniquingKeysWith: { a, _ in a })
        #expect(values["mode"] == "slow-3")
        #expect(values["URL"] == "db://admin:t0k@slow-3/$(mode)/$(NOPE)")
        #expect(built.warnings.count == 1)
        #expect(built.warnings.first?.0 == "InvalidEnvironmentVariableNames")
        #expect(built.warnings.first?.1 == "Keys [, bad=name] from the EnvFrom configMap shop/settings were skipped since they are considered invalid environment variable names.")

        await #expect(throws: ContainerConfigError(message: "configmap \"absent\" not found")) {
            try await Self.environment(objects).variables(for: Self.container(envFrom: [["configMapRef": ["name": "absent"]]]))
        }
        await #expect(throws: ContainerConfigError(message: "secret \"absent\" not found")) {
            try await Self.environment(objects).variables(for: Self.container(envFrom: [["secretRef": ["name": "absent", "optional": false]]]))
        }
    }

    @Test func expansionFollowsKubernetesRules() {
        let known = ["A": "1", "B": "two"]
        #expect(ContainerEnvironment.expand("$(A)-$(B)", with: known) == "1-two")
        #expect(ContainerEnvironment.expand("$$(A)", with: known) == "$(A)")
        #expect(ContainerEnvironment.expand("$$$(A)", with: known) == "$1")
        #expect(ContainerEnvironment.expand("$(C)", with: known) == "$(C)")
        #expect(ContainerEnvironment.expand("$(A", with: known) == "$(A")
        #expect(ContainerEnvironment.expand("cost: $5 $", with: known) == "cost: $5 $")
        #expect(ContainerEnvironment.expand("$()", with: known) == "$()")
    }

    @Test func commandAndArgsExpandFromTheWholeEnvironment() async throws {
        let objects = FakeEnvironmentObjects(configMaps: ["shop/settings": ["GREETING": "hello"]])
        var json = Self.container(env: [Self.field("POD", "metadata.name")], envFrom: [["configMapRef": ["name": "settings"]]]).json
        json["command"] = ["echo", "$(GREETING)"]
        json["args"] = ["$(POD)", "$$(POD)", "$(UNSET)"]
        let container = ContainerSpec(json: json, index: 0, isInit: false)
        let variables = try await Self.environment(objects).variables(for: container)
        let config = ContainerConfigBuilder.build(container, pod: Self.pod, attempt: 0, variables: variables)
        #expect(config["command"] == ["echo", "hello"])
        #expect(config["args"] == ["web", "$(POD)", "$(UNSET)"])
        #expect(config["envs"] == [["key": "GREETING", "value": "hello"], ["key": "POD", "value": "web"]])
    }
}
