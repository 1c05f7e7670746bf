import Kernel

/// One `columnDefinitions` entry of a `meta.k8s.io` Table.
struct TableColumn: Sendable {
    /// Column title as Kubernetes names it ("Name", "Nominated Node"); kubectl upper-cases it.
    let name: String
    /// OpenAPI type of the cells: "string", "integer", "number", "boolean", "date".
    let type: String
    /// OpenAPI format hint: "name" for the object's name, otherwise usually empty.
    let format: String
    /// What the column shows.
    let description: String
    /// 0 for the default view, 1 for columns kubectl shows only with `-o wide`.
    let priority: Int

    init(_ name: String, type: String = "string", format: String = "", priority: Int = 0, _ description: String) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
    }

    /// The NAME column every printer starts with.
    static let name = TableColumn("Name", format: "name", "Name must be unique within a namespace; it is the object's metadata.name.")
    /// The AGE column: time since metadata.creationTimestamp.
    static let age = TableColumn("Age", "CreationTimestamp is when the object was created, shown as the time since then.")

    /// The definition as JSON.
    var json: JSONValue {
        ["name": .string(name), "type": .string(type), "format": .string(format),
         "description": .string(description), "priority": .int(Int64(priority))]
    }
}
