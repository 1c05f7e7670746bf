import Kernel

/// ServiceAccounts: no status; `secrets` and `imagePullSecrets` are lists of references by name.
struct ServiceAccountAdmission: KindAdmission {
    var hasStatusSubresource: Bool { false }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        for field in ["secrets", "imagePullSecrets"] {
            guard let list = object[field], !list.isNull else { continue }
            guard let items = list.arrayValue else {
                causes.append(.invalid(field, list, "must be a list of references"))
                continue
            }
            for (index, item) in items.enumerated() where item.objectValue == nil {
                causes.append(.invalid("\(field)[\(index)]", item, "must be an object reference"))
            }
        }
        if let automount = object["automountServiceAccountToken"], !automount.isNull, automount.boolValue == nil {
            causes.append(.invalid("automountServiceAccountToken", automount, "must be a boolean"))
        }
        return causes
    }
}
