@testable import APIServer
import Foundation
import Kernel
import Testing

/// A fixed "now" and timestamps relative to it, so ages are exact.
private let now = Date(timeIntervalSince1970: 1_800_000_000)
private func ago(_ seconds: Double) -> JSONValue { .string(KubeTime.format(now.addingTimeInterval(-seconds))) }

private func titles(_ printer: TablePrinter, wide: Bool = false) -> [String] {
    printer.columns.filter { wide || $0.priority == 0 }.map { $0.name.uppercased() }
}

private func cells(_ printer: TablePrinter, _ object: JSONValue) -> [String] {
    printer.cells(object, now).map { $0.stringValue ?? $0.intValue.map(String.init) ?? "?" }
}

/// `object` with a creation time 90 seconds before `now`.
private func aged(_ object: JSONValue) -> JSONValue {
    var copy = object
    copy[path: "metadata", "creationTimestamp"] = ago(90)
    return copy
}

@Suite("Tables, discovery and scale of the newly served kinds")
struct ServedKindsTableTests {
    @Test("claims and volumes print kubectl's columns")
    func storage() {
        let claimPrinter = TablePrinters.printer(for: .persistentVolumeClaims)
        #expect(titles(claimPrinter) == ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"])
        #expect(titles(claimPrinter, wide: true).last == "VOLUMEMODE")
        var pending = aged(sampleClaim("data"))
        pending["status"] = ["phase": "Pending"]
        #expect(cells(claimPrinter, pending) == ["data", "Pending", "", "", "", "", "<unset>", "90s", "Filesystem"])
        var bound = pending
        bound[path: "spec", "volumeName"] = "pv-1"
        bound[path: "spec", "storageClassName"] = "fast"
        bound["status"] = ["phase": "Bound", "capacity": ["storage": "5Gi"], "accessModes": ["ReadWriteOnce", "ReadWriteOncePod"]]
        #expect(cells(claimPrinter, bound) == ["data", "Bound", "pv-1", "5Gi", "RWO,RWOP", "fast", "<unset>", "90s", "Filesystem"])

        let volumePrinter = TablePrinters.printer(for: .persistentVolumes)
        #expect(titles(volumePrinter) == ["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS",
                                          "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"])
        var pv = aged(sampleVolume("pv-1"))
        pv[path: "spec", "persistentVolumeReclaimPolicy"] = "Retain"
        pv[path: "spec", "claimRef"] = ["namespace": "default", "name": "data"]
        pv["status"] = ["phase": "Pending"]
        #expect(cells(volumePrinter, pv) == ["pv-1", "5Gi", "RWO,ROX", "Retain", "Pending", "default/data", "", "<unset>", "", "90s", "Filesystem"])
    }

    @Test("daemon sets, stateful sets, replication controllers and cron jobs print kubectl's columns")
    func workloads() {
        let ds = TablePrinters.printer(for: .daemonSets)
        #expect(titles(ds) == ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"])
        #expect(titles(ds, wide: true).suffix(3) == ["CONTAINERS", "IMAGES", "SELECTOR"])
        var agent = aged(sampleDaemonSet("agent"))
        agent[path: "spec", "template", "spec", "nodeSelector"] = ["kubernetes.io/os": "linux"]
        agent["status"] = ["desiredNumberScheduled": 3, "currentNumberScheduled": 2, "numberReady": 1, "updatedNumberScheduled": 2, "numberAvailable": 1]
        #expect(cells(ds, agent) == ["agent", "3", "2", "1", "2", "1", "kubernetes.io/os=linux", "90s", "main", "nginx:1.25", "app=agent"])

        let sts = TablePrinters.printer(for: .statefulSets)
        #expect(titles(sts) == ["NAME", "READY", "AGE"])
        #expect(titles(sts, wide: true) == ["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"])
        var db = aged(sampleStatefulSet("db", replicas: 3))
        db["status"] = ["readyReplicas": 1]
        #expect(cells(sts, db) == ["db", "1/3", "90s", "main", "nginx:1.25"])

        let rc = TablePrinters.printer(for: .replicationControllers)
        #expect(titles(rc) == ["NAME", "DESIRED", "CURRENT", "READY", "AGE"])
        var legacy = aged(sampleReplicationController("legacy"))
        legacy[path: "spec", "selector"] = ["app": "legacy"]
        #expect(cells(rc, legacy) == ["legacy", "3", "0", "0", "90s", "main", "nginx:1.25", "app=legacy"])

        let cj = TablePrinters.printer(for: .cronJobs)
        #expect(titles(cj) == ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"])
        var tick = aged(sampleCronJob("tick"))
        tick[path: "spec", "suspend"] = false
        #expect(cells(cj, tick).prefix(7) == ["tick", "*/5 * * * *", "<none>", "False", "0", "<none>", "90s"])
        tick[path: "spec", "timeZone"] = "Europe/Paris"
        tick["status"] = ["active": [["name": "tick-1"]], "lastScheduleTime": ago(30)]
        #expect(cells(cj, tick).prefix(7) == ["tick", "*/5 * * * *", "Europe/Paris", "False", "1", "30s", "90s"])
    }

    @Test("ingresses print class, hosts, address and ports")
    func ingresses() {
        let printer = TablePrinters.printer(for: .ingresses)
        #expect(titles(printer) == ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"])
        var web = aged(sampleIngress("web"))
        #expect(cells(printer, web) == ["web", "<none>", "web.example.com", "", "80", "90s"])
        web[path: "spec", "ingressClassName"] = "nginx"
        web[path: "spec", "tls"] = [["hosts": ["web.example.com"], "secretName": "tls"]]
        web["status"] = ["loadBalancer": ["ingress": [["ip": "192.0.2.10"]]]]
        #expect(cells(printer, web) == ["web", "nginx", "web.example.com", "192.0.2.10", "80, 443", "90s"])
    }

    @Test("discovery lists the new resources with short names, scopes, the all category and subresources")
    func discovery() async throws {
        try await withServer { _, port in
            func resources(_ path: String) async throws -> [String: JSONValue] {
                let reply = try await RawHTTP.send(port: port, "GET", path)
                #expect(reply.status == 200, "\(path)")
                var byName: [String: JSONValue] = [:]
                for entry in reply.json?["resources"]?.arrayValue ?? [] { byName[entry["name"]?.stringValue ?? ""] = entry }
                return byName
            }
            let core = try await resources("/api/v1")
            #expect(core["persistentvolumeclaims"]?["shortNames"] == ["pvc"])
            #expect(core["persistentvolumeclaims/status"] != nil)
            #expect(core["persistentvolumes"]?["namespaced"] == false)
            #expect(core["persistentvolumes"]?["shortNames"] == ["pv"])
            #expect(core["replicationcontrollers"]?["categories"] == ["all"])
            #expect(core["replicationcontrollers/scale"]?["kind"] == "Scale")
            let apps = try await resources("/apis/apps/v1")
            #expect(apps["daemonsets"]?["shortNames"] == ["ds"])
            #expect(apps["daemonsets"]?["categories"] == ["all"])
            #expect(apps["daemonsets/scale"] == nil)
            #expect(apps["statefulsets"]?["shortNames"] == ["sts"])
            #expect(apps["statefulsets/scale"]?["group"] == "autoscaling")
            let batch = try await resources("/apis/batch/v1")
            #expect(batch["cronjobs"]?["shortNames"] == ["cj"])
            #expect(batch["cronjobs"]?["categories"] == ["all"])
            #expect(batch["cronjobs/status"] != nil)
            let networking = try await resources("/apis/networking.k8s.io/v1")
            #expect(networking["ingresses"]?["shortNames"] == ["ing"])
            #expect(networking["ingresses/status"] != nil)
            #expect(networking["ingressclasses"]?["namespaced"] == false)
            #expect(networking["ingressclasses/status"] == nil)
        }
    }

    @Test("StatefulSets and ReplicationControllers scale through the scale subresource")
    func scale() async throws {
        try await withServer { api, port in
            _ = try await api.create(.statefulSets, namespace: "default", object: sampleStatefulSet("db"))
            _ = try await api.create(.replicationControllers, namespace: "default", object: sampleReplicationController("legacy"))
            let stsScale = try await RawHTTP.send(port: port, "GET", "/apis/apps/v1/namespaces/default/statefulsets/db/scale")
            #expect(stsScale.json?[path: "spec", "replicas"] == 2)
            #expect(stsScale.json?[path: "status", "selector"] == "app=db")
            let rcScale = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/replicationcontrollers/legacy/scale")
            #expect(rcScale.json?[path: "status", "selector"] == "app=legacy")
            let put = try await RawHTTP.send(port: port, "PUT", "/api/v1/namespaces/default/replicationcontrollers/legacy/scale",
                                             json: ["kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": ["name": "legacy"], "spec": ["replicas": 5]])
            #expect(put.status == 200, "\(put.text)")
            let stored = try await api.get(.replicationControllers, namespace: "default", name: "legacy")
            #expect(stored[path: "spec", "replicas"] == 5)

            let selected = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/replicationcontrollers?fieldSelector=status.replicas%3D0")
            #expect(selected.json?["items"]?.arrayValue?.compactMap { $0[path: "metadata", "name"]?.stringValue } == ["legacy"])
            expectStatus(try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/replicationcontrollers?fieldSelector=spec.replicas%3D5"),
                         400, "BadRequest")
        }
    }

    @Test("the new kinds have OpenAPI type definitions with Kubernetes' protobuf field numbers")
    func definitions() {
        #expect(APITypes.definition(for: GroupVersionKind(group: "apps", version: "v1", kind: "DaemonSet"))?.field("spec")?.proto == 2)
        #expect(APITypes.byName["io.k8s.api.apps.v1.StatefulSetSpec"]?.field("serviceName")?.proto == 5)
        #expect(APITypes.byName["io.k8s.api.batch.v1.CronJobSpec"]?.field("timeZone")?.proto == 8)
        #expect(APITypes.byName["io.k8s.api.core.v1.PersistentVolumeClaimSpec"]?.field("selector")?.proto == 4)
        #expect(APITypes.byName["io.k8s.api.core.v1.ReplicationControllerSpec"]?.field("minReadySeconds")?.proto == 4)
        #expect(APITypes.byName["io.k8s.api.networking.v1.IngressSpec"]?.field("ingressClassName")?.proto == 4)
        #expect(APITypes.byName["io.k8s.api.networking.v1.HTTPIngressPath"]?.required == ["pathType", "backend"])
    }
}
