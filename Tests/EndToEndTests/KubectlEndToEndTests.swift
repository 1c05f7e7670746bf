import Foundation
import Testing

extension EndToEnd {
/// The real kubectl against the real `keelson up`, configured only by the kubeconfig the
/// cluster wrote: discovery, every way of reading, the imperative commands, client-side and
/// server-side apply with pruning. Logs and deletion have suites of their own. Each test checks kubectl's
/// own output, as a user would read it.
@Suite("kubectl end to end", .serialized)
struct KubectlEndToEndTests {
    let root = KeelsonProcess.repositoryRoot

    @Test("discovery, explain and reading every served kind in every output format")
    func reading() async throws {
        let session = try await KubectlSession.start()
        defer { session.stop() }

        #expect(try await session.expectSuccess(["get", "--raw", "/readyz"]) == "ok")
        let resources = try await session.expectSuccess(["api-resources"])
        for row in ["deployments", "deploy", "apps/v1", "Deployment", "endpointslices", "leases"] {
            #expect(resources.contains(row), "api-resources lacks \(row):\n\(resources)")
        }
        #expect(try await session.expectSuccess(["api-versions"]).split(separator: "\n").contains("apps/v1"))
        let explained = try await session.expectSuccess(["explain", "deployment.spec.replicas"])
        #expect(explained.contains("KIND:") && explained.contains("Deployment") && explained.contains("replicas"))
        #expect(try await session.expectSuccess(["explain", "pods.spec.containers"]).contains("image"))

        // Client-side apply validates against the served OpenAPI (no --validate=false).
        let applied = try await session.expectSuccess(["apply", "-f", root.appendingPathComponent("examples/web.yaml").path])
        #expect(applied.contains("deployment.apps/web created") && applied.contains("service/web created"))
        try await session.expectSuccess(["wait", "--for=condition=Ready", "pod", "-l", "app=web", "--timeout=90s"])

        let wide = try await session.expectSuccess(["get", "pods", "-o", "wide"])
        let header = wide.split(separator: "\n").first.map(String.init) ?? ""
        for column in ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"] {
            #expect(header.contains(column), "pods -o wide header: \(header)")
        }
        #expect(wide.components(separatedBy: "Running").count - 1 == 3)
        let names = try await session.expectSuccess(["get", "pods", "-l", "app=web", "-o", "name"])
        #expect(names.split(separator: "\n").count == 3 && names.hasPrefix("pod/web-"))
        let ips = try await session.expectSuccess(["get", "pods", "-o", "jsonpath={.items[*].status.podIP}"])
        #expect(ips.split(separator: " ").allSatisfy { $0.hasPrefix("127.244.") })
        let running = try await session.expectSuccess(["get", "pods", "--field-selector", "status.phase=Running", "-o", "name"])
        #expect(running.split(separator: "\n").count == 3)
        let yaml = try await session.expectSuccess(["get", "deploy", "web", "-o", "yaml"])
        #expect(yaml.contains("kind: Deployment") && yaml.contains("replicas: 3"))
        let json = try await session.expectSuccess(["get", "svc", "web", "-o", "json"])
        #expect(json.contains("\"clusterIP\": \"127.96."))
        let everything = try await session.expectSuccess(["get", "ns,no,po,svc,ep,endpointslices,cm,secrets,sa,ev,rs,deploy,jobs,leases", "-A"])
        #expect(everything.contains("service/kubernetes") && everything.contains("node/pool-a-1"))
        #expect(try await session.expectSuccess(["get", "all"]).contains("deployment.apps/web"))

        // A watch prints the header and the three current rows, then a row for each labelled pod.
        let watch = try session.background(["get", "pods", "-l", "app=web", "-w"])
        defer { watch.stop() }
        let listed = try await waitFor(timeout: 30) { watch.text.split(separator: "\n").count >= 4 ? watch.text : nil }
        #expect(listed != nil, "kubectl get -w printed: \(watch.text)")
        try await session.expectSuccess(["label", "pods", "-l", "app=web", "tier=frontend"])
        let watched = try await waitFor(timeout: 30) { watch.text.split(separator: "\n").count >= 7 ? watch.text : nil }
        #expect(watched != nil, "kubectl get -w printed: \(watch.text)")

        let described = try await session.expectSuccess(["describe", "deploy", "web"])
        #expect(described.contains("Events:") && described.contains("ScalingReplicaSet"))
        let podDescribed = try await session.expectSuccess(["describe", "pods", "-l", "app=web"])
        #expect(podDescribed.contains("Scheduled") && podDescribed.contains("Started"))
    }

    @Test("imperative commands: create, scale, edit, label, annotate and the three patch types")
    func imperative() async throws {
        let session = try await KubectlSession.start()
        defer { session.stop() }

        #expect(try await session.expectSuccess(["create", "namespace", "shop"]).contains("namespace/shop created"))
        #expect(try await session.expectSuccess(["create", "deployment", "hello", "--image=nginx", "--replicas=1", "-n", "shop"])
            .contains("deployment.apps/hello created"))
        #expect(try await session.expectSuccess(["create", "configmap", "settings", "--from-literal=mode=fast", "-n", "shop"]).contains("created"))
        #expect(try await session.expectSuccess(["create", "secret", "generic", "keys", "--from-literal=token=s3cret", "-n", "shop"]).contains("created"))
        #expect(try await session.expectSuccess(["get", "secret", "keys", "-n", "shop", "-o", "jsonpath={.data.token}"]) == "czNjcmV0")

        #expect(try await session.expectSuccess(["scale", "deployment", "hello", "--replicas=2", "-n", "shop"]).contains("scaled"))
        let scaled = try await session.eventually(["get", "deploy", "hello", "-n", "shop", "-o", "jsonpath={.status.readyReplicas}"]) { $0 == "2" }
        #expect(scaled == "2")

        let editor = try session.file("editor.sh", "#!/bin/sh\nsed -i 's/replicas: 2/replicas: 1/' \"$1\"\n")
        chmod(editor, 0o755)
        let edited = try await session.expectSuccess(["edit", "deployment", "hello", "-n", "shop"], environment: ["KUBE_EDITOR": editor])
        #expect(edited.contains("deployment.apps/hello edited"))
        #expect(try await session.expectSuccess(["get", "deploy", "hello", "-n", "shop", "-o", "jsonpath={.spec.replicas}"]) == "1")

        try await session.expectSuccess(["label", "deployment", "hello", "tier=backend", "-n", "shop"])
        try await session.expectSuccess(["annotate", "deployment", "hello", "owner=team-a", "-n", "shop"])
        try await session.expectSuccess(["patch", "deployment", "hello", "-n", "shop", "--type=merge", "-p", "{\"metadata\":{\"labels\":{\"merge\":\"yes\"}}}"])
        try await session.expectSuccess(["patch", "deployment", "hello", "-n", "shop", "--type=json",
                                   "-p", "[{\"op\":\"add\",\"path\":\"/metadata/labels/json\",\"value\":\"yes\"}]"])
        try await session.expectSuccess(["patch", "deployment", "hello", "-n", "shop",
                                   "-p", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"env\":[{\"name\":\"MODE\",\"value\":\"fast\"}]}]}}}}"])
        let labels = try await session.expectSuccess(["get", "deploy", "hello", "-n", "shop", "-o", "jsonpath={.metadata.labels}"])
        for label in ["\"tier\":\"backend\"", "\"merge\":\"yes\"", "\"json\":\"yes\""] {
            #expect(labels.contains(label), "labels: \(labels)")
        }
        #expect(try await session.expectSuccess(["get", "deploy", "hello", "-n", "shop", "-o", "jsonpath={.metadata.annotations.owner}"]) == "team-a")
        let containers = try await session.expectSuccess(["get", "deploy", "hello", "-n", "shop", "-o", "jsonpath={.spec.template.spec.containers[0].env[0].value} {.spec.template.spec.containers[0].image}"])
        #expect(containers == "fast nginx")
    }

    @Test("apply: create, update a changed manifest, prune, server-side with a conflict")
    func applying() async throws {
        let session = try await KubectlSession.start()
        defer { session.stop() }
        let manifest = { (image: String, replicas: Int) in
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, labels: {app: shop}}
            spec:
              replicas: \(replicas)
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec:
                  containers: [{name: api, image: "\(image)"}]
            """
        }
        let settings = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shop-settings, labels: {app: shop}}\ndata: {mode: fast}\n"
        let both = try session.file("both.yaml", manifest("nginx:1.27", 2) + "\n---\n" + settings)
        #expect(try await session.expectSuccess(["apply", "-f", both]).contains("deployment.apps/api created"))
        let changed = try session.file("changed.yaml", manifest("nginx:1.28", 2) + "\n---\n" + settings)
        let reapplied = try await session.expectSuccess(["apply", "-f", changed])
        #expect(reapplied.contains("deployment.apps/api configured") && reapplied.contains("configmap/shop-settings unchanged"))
        #expect(try await session.expectSuccess(["get", "deploy", "api", "-o", "jsonpath={.spec.template.spec.containers[0].image}"]) == "nginx:1.28")

        let onlySettings = try session.file("settings.yaml", settings)
        let pruned = try await session.expectSuccess(["apply", "-f", onlySettings, "--prune", "-l", "app=shop"])
        #expect(pruned.contains("deployment.apps/api pruned"), "prune output: \(pruned)")

        let serverSide = try session.file("server-side.yaml", manifest("nginx:1.27", 3))
        #expect(try await session.expectSuccess(["apply", "--server-side", "-f", serverSide]).contains("serverside-applied"))
        try await session.expectSuccess(["scale", "deployment", "api", "--replicas=5"])
        let conflict = try await session.kubectl(["apply", "--server-side", "-f", serverSide])
        #expect(conflict.status != 0 && conflict.output.contains(".spec.replicas"), "expected a conflict: \(conflict.output)")
        try await session.expectSuccess(["apply", "--server-side", "--force-conflicts", "-f", serverSide])
        #expect(try await session.expectSuccess(["get", "deploy", "api", "-o", "jsonpath={.spec.replicas}"]) == "3")
        let managers = try await session.expectSuccess(["get", "deploy", "api", "-o", "yaml", "--show-managed-fields"])
        #expect(managers.contains("manager: kubectl") && managers.contains("operation: Apply"))
    }

    /// Polls `probe` until it returns a value or `timeout` passes.
    private func waitFor<T>(timeout: TimeInterval, _ probe: () async throws -> T?) async throws -> T? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }
}
}
