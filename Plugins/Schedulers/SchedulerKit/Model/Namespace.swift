/// core/v1 Namespace: what scheduling reads of it (its name and labels, for `namespaceSelector`).
struct Namespace: Decodable {
    var metadata: ObjectMeta?
}
