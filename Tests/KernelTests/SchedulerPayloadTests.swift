import Foundation
import Kernel
import Testing

/// What scheduler bundles receive of a pod: written once, stripped of managedFields, and the
/// event built around those bytes equal to the watch event written whole.
@Suite("Scheduler payloads")
struct SchedulerPayloadTests {
    @Test func eventAroundAWrittenPodEqualsTheWholeEvent() throws {
        let stripped: JSONValue = [
            "metadata": ["name": "web", "namespace": "default", "labels": ["app": "web \"one\""]],
            "spec": ["containers": [["name": "web", "image": "nginx"]]],
        ]
        var stored = stripped
        stored[path: "metadata", "managedFields"] = [["manager": "kubectl", "operation": "Update"]]
        let pod = SchedulerPayload.pod(stored)
        #expect(pod == stripped.serialized())
        for type in ["ADDED", "MODIFIED", "DELETED"] {
            let event = SchedulerPayload.event(type: type, object: pod)
            #expect(event == WatchEvent(type: type, object: stripped, revision: 0).json.serialized())
            #expect(try JSONValue(parsing: event)["object"] == stripped)
        }
    }
}
