import APIServer
import Kernel

/// The store's write rate alone (no scheduler): pods created through the API from several
/// tasks and from one, and ConfigMaps written straight to the store from one task.
enum Writes {
    /// Runs the three measurements and prints Markdown rows
    /// `| store | path | tasks | writes | writes/s |`.
    static func run(_ settings: Settings) async throws {
        let cluster = try Cluster(kind: settings.store)
        defer { cluster.close() }
        let pod = Workload.basic
        for (label, tasks) in [("many", settings.creators), ("one", 1)] {
            let started = now()
            await Creators.create(cluster.api, .pods, namespace: "default", count: settings.writes, tasks: tasks) { index in
                pod.pod("write-\(label)-\(index)", index: index, colors: 1)
            }
            row(settings.store, "ClusterAPI.create (pods)", tasks, settings.writes, now() - started)
        }
        let started = now()
        for index in 0..<settings.writes {
            let object: JSONValue = [
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": ["name": .string("write-\(index)"), "namespace": "default"], "data": ["k": "v"],
            ]
            _ = try cluster.store.create(StoreKey(resource: "configmaps", namespace: "default", name: "write-\(index)"), object: object)
        }
        row(settings.store, "Store.create (configmaps)", 1, settings.writes, now() - started)
    }

    private static func row(_ store: String, _ path: String, _ tasks: Int, _ count: Int, _ nanoseconds: UInt64) {
        let rate = Double(count) / (Double(nanoseconds) / 1e9)
        print("| \(store) | \(path) | \(tasks) | \(count) | \(Int(rate.rounded())) |")
    }
}
