import Foundation
import APIServer
import Kernel
import Node
import Testing

/// Container environments through the kubelet and the real containerd-like runtime: values from
/// ConfigMaps, Secrets, the downward API and resources reach the process; a missing ConfigMap
/// holds the container in `CreateContainerConfigError` until it appears.
@Suite("kubelet: container environment")
struct KubeletEnvironmentTests {
    /// A harness whose pod logs go to a fresh directory, returned for reading them.
    static func withKubelet(_ body: (KubeletHarness, String) async throws -> Void) async throws {
        var options = KubeletOptions()
        options.heartbeatInterval = .milliseconds(200)
        options.relistPeriod = .milliseconds(50)
        options.backOff = .fixed(.milliseconds(100))
        let root = KubeletHarness.temporaryDirectory()
        options.podLogRoot = root
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await KubeletHarness.with(options: options) { harness in try await body(harness, root) }
    }

    /// The text lines of every `main/0.log` under `root` (CRI log format: time, stream, tag, text).
    static func logLines(under root: String) -> [String] {
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.filter { $0.hasSuffix("main/0.log") } ?? []
        return files.flatMap { file -> [String] in
            let text = (try? String(contentsOfFile: root + "/" + file, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).dropFirst(3).joined() }
        }
    }

    static func pod(_ name: String, node: String, env: [JSONValue], envFrom: [JSONValue] = [], script: String) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": "default", "labels": ["app": "env-test"]],
            "spec": ["nodeName": .string(node), "restartPolicy": "Always", "containers": [[
                "name": "main", "image": "busybox:1.36", "command": ["sh", "-c", .string(script)],
                "env": .array(env), "envFrom": .array(envFrom),
                "resources": ["limits": ["memory": "128Mi"], "requests": ["cpu": "250m"]],
            ]]],
        ]
    }

    @Test func valuesFromEverySourceReachTheContainer() async throws {
        try await Self.withKubelet { harness, root in
            _ = try await harness.api.create(.configMaps, namespace: "default", object: [
                "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "settings"],
                "data": ["MODE": "fast", "color": "blue"],
            ])
            _ = try await harness.api.create(.secrets, namespace: "default", object: [
                "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "creds"], "stringData": ["password": "hunter2"],
            ])
            let env: [JSONValue] = [
                ["name": "COLOR", "valueFrom": ["configMapKeyRef": ["name": "settings", "key": "color"]]],
                ["name": "PASSWORD", "valueFrom": ["secretKeyRef": ["name": "creds", "key": "password"]]],
                ["name": "POD_NAME", "valueFrom": ["fieldRef": ["fieldPath": "metadata.name"]]],
                ["name": "POD_IP", "valueFrom": ["fieldRef": ["fieldPath": "status.podIP"]]],
                ["name": "APP", "valueFrom": ["fieldRef": ["fieldPath": "metadata.labels['app']"]]],
                ["name": "MEM_MI", "valueFrom": ["resourceFieldRef": ["resource": "limits.memory", "divisor": "1Mi"]]],
                ["name": "CPU_LIMIT", "valueFrom": ["resourceFieldRef": ["resource": "limits.cpu"]]],
                ["name": "CPU_REQUEST_M", "valueFrom": ["resourceFieldRef": ["resource": "requests.cpu", "divisor": "1m"]]],
                ["name": "SUMMARY", "value": "$(POD_NAME)/$(CFG_MODE)"],
            ]
            let script = "echo color=$COLOR; echo password=$PASSWORD; echo pod=$POD_NAME; echo ip=$POD_IP; echo app=$APP; "
                + "echo mem=$MEM_MI; echo cpu=$CPU_LIMIT; echo req=$CPU_REQUEST_M; echo mode=$CFG_MODE; echo summary=$SUMMARY; sleep 3600"
            _ = try await harness.api.create(.pods, namespace: "default", object: Self.pod(
                "envy", node: harness.nodeName, env: env, envFrom: [["prefix": "CFG_", "configMapRef": ["name": "settings"]]], script: script))
            let pod = try await harness.pod("envy", reaches: "Running")
            let podIP = try #require(pod[path: "status", "podIP"]?.stringValue)
            let lines = try await harness.eventually("the container's output") {
                let lines = Self.logLines(under: root)
                return lines.count >= 10 ? lines : nil
            }
            #expect(lines == [
                "color=blue", "password=hunter2", "pod=envy", "ip=\(podIP)", "app=env-test",
                "mem=128", "cpu=4", "req=250", "mode=fast", "summary=envy/fast",
            ])
        }
    }

    @Test func aMissingConfigMapHoldsTheContainerUntilItExists() async throws {
        try await Self.withKubelet { harness, _ in
            let env: [JSONValue] = [["name": "MODE", "valueFrom": ["configMapKeyRef": ["name": "late", "key": "mode"]]]]
            _ = try await harness.api.create(.pods, namespace: "default", object: Self.pod(
                "waiter", node: harness.nodeName, env: env, script: "echo mode=$MODE; sleep 3600"))
            let waiting = try await harness.eventually("CreateContainerConfigError") { () -> JSONValue? in
                let status = try await harness.pod("waiter")[path: "status", "containerStatuses"]?.arrayValue?.first
                return status?[path: "state", "waiting", "reason"] == "CreateContainerConfigError" ? status : nil
            }
            #expect(waiting[path: "state", "waiting", "message"] == "configmap \"late\" not found")
            #expect(try await harness.pod("waiter")[path: "status", "phase"] == "Pending")
            let failed = try await harness.eventually("a Failed event") {
                try await harness.events(about: "waiter").first { $0["reason"] == "Failed" }
            }
            #expect(failed["type"] == "Warning")
            #expect(failed["message"] == "Error: configmap \"late\" not found")

            // The ConfigMap without the key: the message changes on the next retry.
            _ = try await harness.api.create(.configMaps, namespace: "default", object: [
                "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "late"], "data": ["other": "x"],
            ])
            try await harness.eventually("the missing key reported") { () -> Bool? in
                let status = try await harness.pod("waiter")[path: "status", "containerStatuses"]?.arrayValue?.first
                return status?[path: "state", "waiting", "message"] == "couldn't find key mode in ConfigMap default/late" ? true : nil
            }
            _ = try await harness.api.update(.configMaps, namespace: "default", object: [
                "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "late", "namespace": "default"], "data": ["mode": "ready"],
            ])
            let running = try await harness.pod("waiter", reaches: "Running")
            let status = running[path: "status", "containerStatuses"]?.arrayValue?.first
            #expect(status?[path: "state", "running"] != nil)
            #expect(status?["restartCount"] == 0)
        }
    }

    @Test func invalidEnvFromKeysAreSkippedWithAnEvent() async throws {
        try await Self.withKubelet { harness, root in
            _ = try await harness.api.create(.configMaps, namespace: "default", object: [
                "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "mixed"], "data": ["GOOD": "yes"],
            ])
            _ = try await harness.api.create(.pods, namespace: "default", object: Self.pod(
                "mixed", node: harness.nodeName, env: [], envFrom: [["prefix": "A=", "configMapRef": ["name": "mixed"]], ["configMapRef": ["name": "mixed"]]],
                script: "echo good=$GOOD; sleep 3600"))
            _ = try await harness.pod("mixed", reaches: "Running")
            let event = try await harness.eventually("the InvalidEnvironmentVariableNames event") {
                try await harness.events(about: "mixed").first { $0["reason"] == "InvalidEnvironmentVariableNames" }
            }
            #expect(event["type"] == "Warning")
            #expect(event["message"] == "Keys [A=GOOD] from the EnvFrom configMap default/mixed were skipped since they are considered invalid environment variable names.")
            try await harness.eventually("the output") { Self.logLines(under: root) == ["good=yes"] ? true : nil }
        }
    }
}
