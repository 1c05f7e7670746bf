import Foundation
import Kernel

/// How one kind is shown as Table rows: its columns and the cells of one object, always with the
/// wide (priority 1) cells; kubectl drops those unless `-o wide` is asked.
struct TablePrinter: Sendable {
    /// The column definitions, in order.
    let columns: [TableColumn]
    /// The cells of one object, one per column, as seen at `now`.
    let cells: @Sendable (_ object: JSONValue, _ now: Date) -> [JSONValue]
    /// Row conditions (pods report "Completed" for Succeeded and Failed); nil for none.
    let conditions: @Sendable (_ object: JSONValue) -> JSONValue?

    init(columns: [TableColumn], conditions: @escaping @Sendable (JSONValue) -> JSONValue? = { _ in nil },
         cells: @escaping @Sendable (JSONValue, Date) -> [JSONValue]) {
        self.columns = columns
        self.cells = cells
        self.conditions = conditions
    }

    /// Kubernetes' default table for kinds without a printer: the name and the creation time.
    static let fallback = TablePrinter(columns: [
        .name, TableColumn("Created At", type: "date", "CreationTimestamp is when the object was created."),
    ]) { object, _ in
        [.string(object.name ?? ""), object[path: "metadata", "creationTimestamp"] ?? .string("")]
    }
}

/// The printers of every kind, keyed by the resource's storage name ("pods", "deployments.apps",
/// "leases.coordination.k8s.io"): adding a kind is one entry here.
enum TablePrinters {
    /// Printer for each storage name.
    static let byStorageName: [String: TablePrinter] = [
        "pods": PodPrinter.printer,
        "nodes": NodePrinter.printer,
        "namespaces": NamespacePrinter.printer,
        "services": ServicePrinters.services,
        "endpoints": ServicePrinters.endpoints,
        "endpointslices.discovery.k8s.io": ServicePrinters.endpointSlices,
        "deployments.apps": WorkloadPrinters.deployments,
        "replicasets.apps": WorkloadPrinters.replicaSets,
        "jobs.batch": WorkloadPrinters.jobs,
        "events": EventPrinter.printer,
        "events.events.k8s.io": EventPrinter.printer,
        "configmaps": ConfigPrinters.configMaps,
        "secrets": ConfigPrinters.secrets,
        "serviceaccounts": ConfigPrinters.serviceAccounts,
        "leases.coordination.k8s.io": ConfigPrinters.leases,
        "persistentvolumeclaims": StoragePrinters.claims,
        "persistentvolumes": StoragePrinters.volumes,
        "replicationcontrollers": SetPrinters.replicationControllers,
        "daemonsets.apps": SetPrinters.daemonSets,
        "controllerrevisions.apps": SetPrinters.controllerRevisions,
        "statefulsets.apps": SetPrinters.statefulSets,
        "cronjobs.batch": SetPrinters.cronJobs,
        "ingresses.networking.k8s.io": IngressPrinters.ingresses,
        "ingressclasses.networking.k8s.io": IngressPrinters.ingressClasses,
        "priorityclasses.scheduling.k8s.io": SchedulingPrinters.priorityClasses,
        "poddisruptionbudgets.policy": PolicyPrinters.podDisruptionBudgets,
    ]

    /// The printer for `type`, or Kubernetes' default Name / Created At table.
    static func printer(for type: ResourceType) -> TablePrinter {
        byStorageName[type.storageName] ?? .fallback
    }
}
