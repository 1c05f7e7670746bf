@testable import APIServer
import Foundation
import Kernel
import Testing

/// A fixed "now" and timestamps relative to it, so ages are exact.
private let now = Date(timeIntervalSince1970: 1_800_000_000)
private func ago(_ seconds: Double) -> JSONValue { .string(KubeTime.format(now.addingTimeInterval(-seconds))) }

/// A pod created 90s ago whose one container has `state` and `lastState`.
private func podWith(phase: String, state: JSONValue, ready: Bool = false, restarts: Int64 = 0, lastState: JSONValue = [:],
                     deleting: Bool = false) -> JSONValue {
    var metadata: JSONValue = ["name": "web", "namespace": "default", "creationTimestamp": ago(90)]
    if deleting { metadata["deletionTimestamp"] = ago(1) }
    return [
        "metadata": metadata,
        "spec": ["containers": [["name": "main", "image": "nginx"]], "nodeName": "node-1"],
        "status": ["phase": .string(phase), "podIP": "127.244.0.5",
                   "containerStatuses": [["name": "main", "ready": .bool(ready), "restartCount": .int(restarts), "state": state, "lastState": lastState]]],
    ]
}

private func cells(_ printer: TablePrinter, _ object: JSONValue) -> [String] {
    printer.cells(object, now).map { $0.stringValue ?? $0.intValue.map(String.init) ?? "?" }
}

@Suite("Table printers")
struct TablePrinterTests {
    @Test("human durations follow kubectl's format")
    func durations() {
        #expect(HumanDuration.format(seconds: 45) == "45s")
        #expect(HumanDuration.format(seconds: 119) == "119s")
        #expect(HumanDuration.format(seconds: 182) == "3m2s")
        #expect(HumanDuration.format(seconds: 300) == "5m")
        #expect(HumanDuration.format(seconds: 45 * 60) == "45m")
        #expect(HumanDuration.format(seconds: 5 * 3600) == "5h")
        #expect(HumanDuration.format(seconds: 5 * 3600 + 120) == "5h2m")
        #expect(HumanDuration.format(seconds: 30 * 3600) == "30h")
        #expect(HumanDuration.format(seconds: 76 * 3600) == "3d4h")
        #expect(HumanDuration.format(seconds: 20 * 86400) == "20d")
        #expect(HumanDuration.format(seconds: 730 * 86400) == "2y")
        #expect(HumanDuration.format(seconds: 800 * 86400) == "2y70d")
        #expect(HumanDuration.format(seconds: -1) == "0s")
        #expect(HumanDuration.format(seconds: -5) == "<invalid>")
        #expect(HumanDuration.since(nil, now: now) == "<unknown>")
    }

    @Test("pod columns and the status of running, waiting, crashing, completed and terminating pods")
    func pods() {
        let columns = PodPrinter.printer.columns
        #expect(columns.map(\.name) == ["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"])
        #expect(columns.map(\.priority) == [0, 0, 0, 0, 0, 1, 1, 1, 1])
        #expect(columns[0].format == "name")

        let running = podWith(phase: "Running", state: ["running": ["startedAt": ago(80)]], ready: true)
        #expect(cells(PodPrinter.printer, running) == ["web", "1/1", "Running", "0", "90s", "127.244.0.5", "node-1", "<none>", "<none>"])

        let pending = podWith(phase: "Pending", state: ["waiting": ["reason": "ContainerCreating"]])
        #expect(cells(PodPrinter.printer, pending)[1...2] == ["0/1", "ContainerCreating"])

        let pulling = podWith(phase: "Pending", state: ["waiting": ["reason": "ErrImagePull"]])
        #expect(cells(PodPrinter.printer, pulling)[2] == "ErrImagePull")

        let crashing = podWith(phase: "Running", state: ["waiting": ["reason": "CrashLoopBackOff"]], restarts: 3,
                               lastState: ["terminated": ["exitCode": 1, "reason": "Error", "finishedAt": ago(182)]])
        #expect(cells(PodPrinter.printer, crashing)[1...3] == ["0/1", "CrashLoopBackOff", "3 (3m2s ago)"])

        let completed = podWith(phase: "Succeeded", state: ["terminated": ["exitCode": 0, "reason": "Completed"]])
        #expect(cells(PodPrinter.printer, completed)[2] == "Completed")
        #expect(PodPrinter.conditions(completed)?[0]?["type"] == "Completed")

        let exited = podWith(phase: "Failed", state: ["terminated": ["exitCode": 2]])
        #expect(cells(PodPrinter.printer, exited)[2] == "ExitCode:2")

        let terminating = podWith(phase: "Running", state: ["running": [:]], ready: true, deleting: true)
        #expect(cells(PodPrinter.printer, terminating)[2] == "Terminating")

        var initializing = podWith(phase: "Pending", state: ["waiting": ["reason": "PodInitializing"]])
        initializing[path: "spec", "initContainers"] = [["name": "setup", "image": "busybox"]]
        initializing[path: "status", "initContainerStatuses"] = [["name": "setup", "restartCount": 0, "state": ["running": [:]]]]
        #expect(cells(PodPrinter.printer, initializing)[2] == "Init:0/1")

        var unscheduled = podWith(phase: "Pending", state: [:])
        unscheduled[path: "status", "containerStatuses"] = []
        unscheduled[path: "spec", "nodeName"] = nil
        #expect(cells(PodPrinter.printer, unscheduled)[1...2] == ["0/1", "Pending"])
        #expect(cells(PodPrinter.printer, unscheduled)[6] == "<none>")
    }

    @Test("nodes show Ready/NotReady, SchedulingDisabled, roles and node info")
    func nodes() {
        let node: JSONValue = [
            "metadata": ["name": "node-1", "creationTimestamp": ago(76 * 3600),
                         "labels": ["node-role.kubernetes.io/control-plane": "", "node-role.kubernetes.io/worker": "true"]],
            "spec": ["unschedulable": true],
            "status": ["conditions": [["type": "Ready", "status": "True"]],
                       "addresses": [["type": "InternalIP", "address": "127.0.0.10"]],
                       "nodeInfo": ["kubeletVersion": "v1.32.0-keelson", "osImage": "Keelson", "kernelVersion": "6.1", "containerRuntimeVersion": "fake://1.0"]],
        ]
        #expect(NodePrinter.printer.columns.map(\.name) == ["Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP",
                                                           "OS-Image", "Kernel-Version", "Container-Runtime"])
        #expect(cells(NodePrinter.printer, node) == ["node-1", "Ready,SchedulingDisabled", "control-plane,worker", "3d4h", "v1.32.0-keelson",
                                                     "127.0.0.10", "<none>", "Keelson", "6.1", "fake://1.0"])
        let bare: JSONValue = ["metadata": ["name": "n2"], "status": ["conditions": [["type": "Ready", "status": "Unknown"]]]]
        #expect(cells(NodePrinter.printer, bare)[1...2] == ["NotReady", "<none>"])
        #expect(cells(NodePrinter.printer, bare)[7] == "<unknown>")
    }

    @Test("services show type, IPs, ports with node ports and the selector")
    func services() {
        let service: JSONValue = [
            "metadata": ["name": "web", "creationTimestamp": ago(45)],
            "spec": ["type": "NodePort", "clusterIP": "127.96.0.10", "clusterIPs": ["127.96.0.10"], "selector": ["tier": "front", "app": "web"],
                     "ports": [["port": 80, "protocol": "TCP", "nodePort": 30080], ["port": 53, "protocol": "UDP"]]],
        ]
        #expect(ServicePrinters.services.columns.map(\.name) == ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"])
        #expect(cells(ServicePrinters.services, service) == ["web", "NodePort", "127.96.0.10", "<none>", "80:30080/TCP,53/UDP", "45s", "app=web,tier=front"])
        let balancer: JSONValue = ["metadata": ["name": "lb"], "spec": ["type": "LoadBalancer", "clusterIP": "127.96.0.11"]]
        #expect(cells(ServicePrinters.services, balancer)[3...4] == ["<pending>", "<none>"])
        let headless: JSONValue = ["metadata": ["name": "db"], "spec": ["clusterIP": "None", "ports": [["port": 5432, "protocol": "TCP"]]]]
        #expect(cells(ServicePrinters.services, headless)[1...4] == ["ClusterIP", "None", "<none>", "5432/TCP"])
        let external: JSONValue = ["metadata": ["name": "ext"], "spec": ["type": "ExternalName", "externalName": "example.test"]]
        #expect(cells(ServicePrinters.services, external)[2...3] == ["<none>", "example.test"])
    }

    @Test("endpoints abbreviate past three addresses as Kubernetes does")
    func endpoints() {
        let addresses: JSONValue = .array((1...5).map { ["ip": .string("127.244.0.\($0)")] })
        let endpoints: JSONValue = ["metadata": ["name": "web"], "subsets": [["addresses": addresses, "ports": [["port": 80]]]]]
        #expect(cells(ServicePrinters.endpoints, endpoints)[1] == "127.244.0.1:80,127.244.0.2:80,127.244.0.3:80 + 2 more...")
        #expect(cells(ServicePrinters.endpoints, ["metadata": ["name": "none"]])[1] == "<none>")
    }

    @Test("deployments, replica sets and jobs")
    func workloads() {
        let deployment: JSONValue = [
            "metadata": ["name": "web", "creationTimestamp": ago(300)],
            "spec": ["replicas": 3, "selector": ["matchLabels": ["app": "web"], "matchExpressions": [["key": "env", "operator": "In", "values": ["prod", "dev"]]]],
                     "template": ["spec": ["containers": [["name": "web", "image": "nginx:1.25"], ["name": "log", "image": "busybox"]]]]],
            "status": ["readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2],
        ]
        #expect(WorkloadPrinters.deployments.columns.map(\.name) == ["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"])
        #expect(cells(WorkloadPrinters.deployments, deployment) == ["web", "2/3", "3", "2", "5m", "web,log", "nginx:1.25,busybox", "app=web,env in (dev,prod)"])
        #expect(WorkloadPrinters.deployments.cells(deployment, now)[2] == .int(3))

        let replicaSet: JSONValue = ["metadata": ["name": "web-1"], "spec": ["replicas": 2], "status": ["replicas": 2, "readyReplicas": 1]]
        #expect(cells(WorkloadPrinters.replicaSets, replicaSet)[0...4] == ["web-1", "2", "2", "1", "<unknown>"])

        let job: JSONValue = ["metadata": ["name": "pi"], "spec": ["completions": 1],
                              "status": ["succeeded": 1, "startTime": ago(100), "completionTime": ago(40),
                                         "conditions": [["type": "Complete", "status": "True"]]]]
        #expect(cells(WorkloadPrinters.jobs, job)[0...3] == ["pi", "Complete", "1/1", "60s"])
    }

    @Test("events, config kinds and the default table")
    func others() {
        let event: JSONValue = ["metadata": ["name": "web.1"], "type": "Warning", "reason": "BackOff", "message": "Back-off restarting ",
                                "count": 4, "firstTimestamp": ago(600), "lastTimestamp": ago(30),
                                "involvedObject": ["kind": "Pod", "name": "web"], "source": ["component": "kubelet", "host": "node-1"]]
        #expect(cells(EventPrinter.printer, event) == ["30s (x4 over 10m)", "Warning", "BackOff", "pod/web", "", "kubelet, node-1",
                                                       "Back-off restarting", "10m", "4", "web.1"])
        #expect(cells(ConfigPrinters.configMaps, ["metadata": ["name": "cfg"], "data": ["a": "1", "b": "2"]])[1] == "2")
        #expect(cells(ConfigPrinters.secrets, ["metadata": ["name": "s"], "type": "Opaque", "data": ["k": "dg=="]])[1...2] == ["Opaque", "1"])
        #expect(TablePrinters.printer(for: .configMaps).columns.map(\.name) == ["Name", "Data", "Age"])
        #expect(TablePrinters.printer(for: .leases).columns.map(\.name) == ["Name", "Holder", "Age"])
        let unknown = ResourceType(group: "example.test", version: "v1", resource: "widgets", kind: "Widget", namespaced: true)
        #expect(TablePrinters.printer(for: unknown).columns.map(\.name) == ["Name", "Created At"])
    }

    @Test("Table documents carry columns, rows, list metadata and the chosen row object")
    func builder() throws {
        let list = ListObject.make(.pods, items: [podWith(phase: "Running", state: ["running": [:]], ready: true)], revision: 7)
        let table = TableBuilder(type: .pods, version: "v1", include: .metadata).table(list, now: now)
        #expect(table["kind"] == "Table")
        #expect(table["apiVersion"] == "meta.k8s.io/v1")
        #expect(table[path: "metadata", "resourceVersion"] == "7")
        #expect(table["columnDefinitions"]?[0]?["name"] == "Name")
        #expect(table["columnDefinitions"]?[5]?["priority"] == 1)
        let row = table["rows"]?[0]
        #expect(row?["cells"]?[0] == "web")
        #expect(row?["object"]?["kind"] == "PartialObjectMetadata")
        #expect(row?[path: "object", "metadata", "namespace"] == "default")

        let full = TableBuilder(type: .pods, version: "v1beta1", include: .object).table(list, now: now)
        #expect(full["apiVersion"] == "meta.k8s.io/v1beta1")
        #expect(full["rows"]?[0]?[path: "object", "spec", "nodeName"] == "node-1")
        let bare = TableBuilder(type: .pods, version: "v1", include: .none).table(list, now: now)
        #expect(bare["rows"]?[0]?["object"] == nil)

        let single = TableBuilder(type: .pods, version: "v1", include: .metadata).table(podWith(phase: "Pending", state: [:]), now: now)
        #expect(single["rows"]?.arrayValue?.count == 1)
        #expect(throws: APIError.self) { try TableBuilder.forRequest(.pods, accept: "application/json;as=Table;v=v1;g=meta.k8s.io", includeObject: "Everything") }
    }
}

@Suite("Table Accept negotiation")
struct TableNegotiationTests {
    @Test("kubectl's Accept list picks the v1 Table; v1beta1, q-values and fallbacks")
    func negotiation() throws {
        let kubectl = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"
        #expect(try TableNegotiation.negotiate(kubectl) == .table(version: "v1"))
        #expect(try TableNegotiation.negotiate("application/json;as=Table;v=v1beta1;g=meta.k8s.io, application/json") == .table(version: "v1beta1"))
        #expect(try TableNegotiation.negotiate("application/json;q=0.9, application/json; as=Table; v=v1; g=meta.k8s.io") == .table(version: "v1"))
        #expect(try TableNegotiation.negotiate("application/json;as=Table;v=v1;g=meta.k8s.io;q=0.5, application/json") == .json)
        #expect(try TableNegotiation.negotiate("application/json;as=Table;v=v1;g=meta.k8s.io;q=0, application/json;q=0.1") == .json)
        #expect(try TableNegotiation.negotiate("application/json;as=Table;v=v2;g=meta.k8s.io, */*") == .json)
        #expect(try TableNegotiation.negotiate(nil) == .json)
        #expect(try TableNegotiation.negotiate("application/json") == .json)
        #expect(try TableNegotiation.negotiate("application/vnd.kubernetes.protobuf") == .json)
        let error = #expect(throws: APIError.self) { try TableNegotiation.negotiate("application/json;as=Table;v=v9;g=meta.k8s.io") }
        #expect(error?.code == 406)
        #expect(error?.reason == "NotAcceptable")
    }
}

fileprivate extension JSONValue {
    /// The element at `index` of an array (nil otherwise).
    subscript(index: Int) -> JSONValue? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
