import Foundation
import Kernel

/// The labels and annotations Kubernetes' endpoints and EndpointSlice controllers put on the
/// objects they manage, and the change-trigger time both record.
public enum EndpointsMetadata {
    /// The label naming the controller that manages an Endpoints object.
    public static let endpointsManagedByLabel = "endpoints.kubernetes.io/managed-by"
    /// The value of `endpointsManagedByLabel` for Endpoints this controller manages.
    public static let endpointsControllerName = "endpoint-controller"
    /// The label naming the controller that manages an EndpointSlice.
    public static let sliceManagedByLabel = "endpointslice.kubernetes.io/managed-by"
    /// The value of `sliceManagedByLabel` for slices the EndpointSlice controller manages.
    public static let sliceControllerName = "endpointslice-controller.k8s.io"
    /// The label naming the Service an EndpointSlice belongs to.
    public static let serviceNameLabel = "kubernetes.io/service-name"
    /// The label Kubernetes puts on the Endpoints and slices of a headless Service.
    public static let headlessLabel = "service.kubernetes.io/headless"
    /// The annotation holding the time of the last pod or Service change that the object reflects.
    public static let triggerTimeAnnotation = "endpoints.kubernetes.io/last-change-trigger-time"

    /// The time of the latest change among the Service and its pods that can move endpoints:
    /// the Service's creation, each pod's creation and each pod's last Ready transition (as
    /// Kubernetes' trigger-time tracker reads them). Nil when none is known.
    public static func lastChangeTriggerTime(service: JSONValue, pods: [JSONValue]) -> String? {
        var latest: (date: Date, text: String)?
        func consider(_ text: String?) {
            guard let text, let date = KubeTime.parse(text) else { return }
            if latest == nil || date > latest!.date { latest = (date, text) }
        }
        consider(service[path: "metadata", "creationTimestamp"]?.stringValue)
        for pod in pods {
            consider(pod[path: "metadata", "creationTimestamp"]?.stringValue)
            consider(pod.statusCondition("Ready")?["lastTransitionTime"]?.stringValue)
        }
        return latest?.text
    }

    /// Whether a Service gets controller-managed endpoints: it has a (non-empty) selector and is
    /// not of type ExternalName.
    static func selector(of service: JSONValue) -> LabelMatcher? {
        if service[path: "spec", "type"]?.stringValue == "ExternalName" { return nil }
        return LabelMatcher(serviceSelector: service[path: "spec", "selector"])
    }

    /// The Services (with a selector) that select the pod of `event` before or after the change;
    /// none when an update changed nothing.
    static func servicesSelecting(_ event: InformerEvent, among services: Informer) -> [ObjectKey] {
        var labelSets: [[String: String]] = []
        switch event {
        case .added(let pod), .deleted(let pod):
            labelSets = [pod.labels]
        case .updated(let old, let new):
            guard old != new else { return [] }
            labelSets = old.labels == new.labels ? [new.labels] : [old.labels, new.labels]
        }
        return services.list(namespace: event.object.namespace ?? "").compactMap { service in
            guard let selector = selector(of: service), labelSets.contains(where: selector.matches) else { return nil }
            return ObjectKey(service)
        }
    }

    /// The labels of a Service's managed Endpoints or slices: the Service's own, plus the
    /// headless label when its clusterIP is `None`.
    static func labels(for service: JSONValue) -> [String: String] {
        var labels = service.labels
        if service[path: "spec", "clusterIP"]?.stringValue == "None" {
            labels[headlessLabel] = ""
        } else {
            labels[headlessLabel] = nil
        }
        return labels
    }
}
