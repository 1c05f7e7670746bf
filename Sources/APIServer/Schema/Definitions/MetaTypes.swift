/// The definitions of the meta API types (`io.k8s.apimachinery.pkg.apis.meta.v1.*`): object and
/// list metadata, owner references, selectors, conditions, `Status`, `DeleteOptions` and watch events.
enum MetaTypes {
    /// The prefix of every meta/v1 definition name.
    static let prefix = "io.k8s.apimachinery.pkg.apis.meta.v1."
    /// `ObjectMeta`'s definition name.
    static let objectMeta = prefix + "ObjectMeta"
    /// `ListMeta`'s definition name.
    static let listMeta = prefix + "ListMeta"
    /// `LabelSelector`'s definition name.
    static let labelSelector = prefix + "LabelSelector"
    /// `Condition`'s definition name.
    static let condition = prefix + "Condition"

    /// Every meta type definition.
    static let definitions: [TypeDefinition] = [
        TypeDefinition(objectMeta, description: "Metadata every persisted object carries: its name, namespace, labels, annotations, owners and the fields the server maintains.", fields: [
            .init("name", .string, proto: 1, "The object's name, unique within its namespace (or the cluster for cluster-scoped kinds)."),
            .init("generateName", .string, proto: 2, "A prefix from which the server builds a unique name when no name is given."),
            .init("namespace", .string, proto: 3, "The namespace the object lives in; empty for cluster-scoped kinds."),
            .init("selfLink", .string, proto: 4, "Deprecated: the object's own URL. Not set by the server."),
            .init("uid", .string, proto: 5, "The unique identifier the server gave the object when it was created. Read-only."),
            .init("resourceVersion", .string, proto: 6, "An opaque value that changes on every write; used for optimistic concurrency and watches. Read-only."),
            .init("generation", .integer(bits: 64), proto: 7, "A sequence number that grows whenever the desired state (spec) changes. Read-only."),
            .init("creationTimestamp", .time, proto: 8, "When the object was created, in UTC. Read-only."),
            .init("deletionTimestamp", .time, proto: 9, "When the object is due to be removed; set by the server when a graceful deletion starts. Read-only."),
            .init("deletionGracePeriodSeconds", .integer(bits: 64), proto: 10, "The grace period granted to the pending deletion, in seconds. Read-only.", pointer: true),
            .init("labels", .map(.string), proto: 11, "Key/value pairs used to organise and select objects."),
            .init("annotations", .map(.string), proto: 12, "Key/value pairs for arbitrary, non-identifying metadata used by tools."),
            .init("ownerReferences", .array(.ref(prefix + "OwnerReference")), proto: 13, "The objects this object depends on; when every owner is gone the object is garbage collected.",
                  listType: .map(keys: ["uid"]), patchStrategy: "merge", patchMergeKey: "uid"),
            .init("finalizers", .array(.string), proto: 14, "Names of components that must finish their clean-up before the object is removed.",
                  listType: .set, patchStrategy: "merge"),
            .init("managedFields", .array(.ref(prefix + "ManagedFieldsEntry")), proto: 17, "Which manager owns which fields, as recorded by server-side apply.",
                  listType: .atomic),
        ]),
        TypeDefinition(listMeta, description: "Metadata of a list response: its resource version and paging token.", fields: [
            .init("selfLink", .string, proto: 1, "Deprecated: the list's own URL. Not set by the server."),
            .init("resourceVersion", .string, proto: 2, "The store revision the list was read at; start a watch from it."),
            .init("continue", .string, proto: 3, "An opaque token that fetches the next page when the list was limited."),
            .init("remainingItemCount", .integer(bits: 64), proto: 4, "How many items remain after this page, when the server can tell.", pointer: true),
        ]),
        TypeDefinition(prefix + "OwnerReference", description: "Points at an object that owns this one, in the same namespace.", fields: [
            .init("apiVersion", .string, proto: 5, "The owner's API version.", required: true),
            .init("kind", .string, proto: 1, "The owner's kind.", required: true),
            .init("name", .string, proto: 3, "The owner's name.", required: true),
            .init("uid", .string, proto: 4, "The owner's UID.", required: true),
            .init("controller", .boolean, proto: 6, "True when the owner is the managing controller; at most one owner may say so.", pointer: true),
            .init("blockOwnerDeletion", .boolean, proto: 7, "When true, a foreground deletion of the owner waits until this object is gone.", pointer: true),
        ]),
        TypeDefinition(prefix + "ManagedFieldsEntry", description: "The set of fields one manager owns, from one operation on one API version.", fields: [
            .init("manager", .string, proto: 1, "The name of the workflow that manages these fields."),
            .init("operation", .string, proto: 2, "The operation that led to this entry: Apply or Update."),
            .init("apiVersion", .string, proto: 3, "The API version the field set is expressed in."),
            .init("time", .time, proto: 4, "When the last change to this entry happened."),
            .init("fieldsType", .string, proto: 6, "The format of fieldsV1; only FieldsV1 exists."),
            .init("fieldsV1", .freeform, proto: 7, "The owned fields as a nested set of field paths."),
            .init("subresource", .string, proto: 8, "The subresource the operation went through, empty for the main resource."),
        ]),
        TypeDefinition(labelSelector, description: "A query over labels: every matchLabels pair and every matchExpressions requirement must hold. An empty selector matches everything.", fields: [
            .init("matchLabels", .map(.string), proto: 1, "Labels that must be present with exactly these values."),
            .init("matchExpressions", .array(.ref(prefix + "LabelSelectorRequirement")), proto: 2, "Requirements on label values, all of which must hold.",
                  listType: .atomic),
        ]),
        TypeDefinition(prefix + "LabelSelectorRequirement", description: "One requirement of a label selector: a key, an operator and values.", fields: [
            .init("key", .string, proto: 1, "The label key the requirement tests.", required: true),
            .init("operator", .string, proto: 2, "How the key relates to the values: In, NotIn, Exists or DoesNotExist.", required: true),
            .init("values", .array(.string), proto: 3, "The values for In and NotIn; empty for Exists and DoesNotExist.", listType: .atomic),
        ]),
        TypeDefinition(condition, description: "One aspect of an object's current state, in the shape shared across APIs.", fields: [
            .init("type", .string, proto: 1, "The condition's type, in CamelCase.", required: true),
            .init("status", .string, proto: 2, "True, False or Unknown.", required: true),
            .init("observedGeneration", .integer(bits: 64), proto: 3, "The metadata.generation the condition was computed from."),
            .init("lastTransitionTime", .time, proto: 4, "When the status last changed.", required: true),
            .init("reason", .string, proto: 5, "A CamelCase word explaining the last transition.", required: true),
            .init("message", .string, proto: 6, "A human-readable explanation of the last transition.", required: true),
        ]),
        TypeDefinition(prefix + "Status", kind: GroupVersionKind(group: "", version: "v1", kind: "Status"),
                       description: "The result of an operation that returns no object, most often an error.", fields: [
            .init("apiVersion", .string, proto: 0, "The versioned schema of this representation."),
            .init("kind", .string, proto: 0, "The REST resource this object represents."),
            .init("metadata", .ref(listMeta), proto: 1, "Standard list metadata."),
            .init("status", .string, proto: 2, "Success or Failure."),
            .init("message", .string, proto: 3, "A human-readable description of the result."),
            .init("reason", .string, proto: 4, "A machine-readable CamelCase reason for a failure, such as NotFound or AlreadyExists."),
            .init("details", .ref(prefix + "StatusDetails"), proto: 5, "Extra data tied to the reason."),
            .init("code", .integer(bits: 32), proto: 6, "The HTTP status code of the result."),
        ]),
        TypeDefinition(prefix + "StatusDetails", description: "More about a failure: the object it concerns and its individual causes.", fields: [
            .init("name", .string, proto: 1, "The name of the object the failure concerns."),
            .init("group", .string, proto: 2, "The API group of the object."),
            .init("kind", .string, proto: 3, "The kind of the object."),
            .init("uid", .string, proto: 6, "The UID of the object."),
            .init("causes", .array(.ref(prefix + "StatusCause")), proto: 4, "The individual problems behind the failure.", listType: .atomic),
            .init("retryAfterSeconds", .integer(bits: 32), proto: 5, "How long the client should wait before retrying."),
        ]),
        TypeDefinition(prefix + "StatusCause", description: "One problem behind a failure, possibly tied to a field.", fields: [
            .init("reason", .string, proto: 1, "A machine-readable description of the problem."),
            .init("message", .string, proto: 2, "A human-readable description of the problem."),
            .init("field", .string, proto: 3, "The path of the field at fault, such as spec.containers[0].name."),
        ]),
        TypeDefinition(prefix + "DeleteOptions", kind: GroupVersionKind(group: "", version: "v1", kind: "DeleteOptions"),
                       description: "Options of a delete request.", fields: [
            .init("apiVersion", .string, proto: 0, "The versioned schema of this representation."),
            .init("kind", .string, proto: 0, "The REST resource this object represents."),
            .init("gracePeriodSeconds", .integer(bits: 64), proto: 1, "Seconds to wait before the object is removed; 0 removes it at once.", pointer: true),
            .init("preconditions", .ref(prefix + "Preconditions"), proto: 2, "Conditions the object must meet for the deletion to happen."),
            .init("orphanDependents", .boolean, proto: 3, "Deprecated: use propagationPolicy. Whether dependents are orphaned.", pointer: true),
            .init("propagationPolicy", .string, proto: 4, "How dependents are handled: Orphan, Background or Foreground."),
            .init("dryRun", .array(.string), proto: 5, "When set to All, the deletion is validated but not persisted.", listType: .atomic),
            .init("ignoreStoreReadErrorWithClusterBreakingPotential", .boolean, proto: 6, "Deletes an object whose stored data cannot be read; dangerous.", pointer: true),
        ]),
        TypeDefinition(prefix + "Preconditions", description: "What the object must match for an operation to go ahead.", fields: [
            .init("uid", .string, proto: 1, "The UID the object must have.", pointer: true),
            .init("resourceVersion", .string, proto: 2, "The resource version the object must have.", pointer: true),
        ]),
        TypeDefinition(prefix + "WatchEvent", kind: GroupVersionKind(group: "", version: "v1", kind: "WatchEvent"),
                       description: "One change in a watch stream.", fields: [
            .init("type", .string, proto: 1, "ADDED, MODIFIED, DELETED, BOOKMARK or ERROR.", required: true),
            .init("object", .freeform, proto: 2, "The object after the change, or a Status for ERROR.", required: true),
        ]),
    ]
}
