import Foundation
import Kernel

/// The configuration and coordination kinds: config maps, secrets, service accounts and leases.
enum ConfigPrinters {
    /// NAME DATA AGE.
    static let configMaps = TablePrinter(columns: [
        .name, TableColumn("Data", type: "integer", "The number of keys in data and binaryData."), .age,
    ]) { configMap, now in
        let keys = (configMap["data"]?.objectValue?.count ?? 0) + (configMap["binaryData"]?.objectValue?.count ?? 0)
        return [.string(configMap.name ?? ""), .int(Int64(keys)), age(configMap, now)]
    }

    /// NAME TYPE DATA AGE.
    static let secrets = TablePrinter(columns: [
        .name, TableColumn("Type", "The secret's type, such as Opaque."),
        TableColumn("Data", type: "integer", "The number of keys in data."), .age,
    ]) { secret, now in
        [.string(secret.name ?? ""), .string(TableCells.string(secret, "type")),
         .int(Int64(secret["data"]?.objectValue?.count ?? 0)), age(secret, now)]
    }

    /// NAME SECRETS AGE.
    static let serviceAccounts = TablePrinter(columns: [
        .name, TableColumn("Secrets", type: "integer", "The number of secrets the service account lists."), .age,
    ]) { account, now in
        [.string(account.name ?? ""), .int(Int64(TableCells.array(account, "secrets").count)), age(account, now)]
    }

    /// NAME HOLDER AGE.
    static let leases = TablePrinter(columns: [
        .name, TableColumn("Holder", "The identity holding the lease."), .age,
    ]) { lease, now in
        [.string(lease.name ?? ""), .string(TableCells.string(lease, "spec", "holderIdentity")), age(lease, now)]
    }

    private static func age(_ object: JSONValue, _ now: Date) -> JSONValue {
        .string(HumanDuration.since(object[path: "metadata", "creationTimestamp"], now: now))
    }
}
