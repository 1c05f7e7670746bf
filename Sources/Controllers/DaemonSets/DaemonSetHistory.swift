import Kernel
import Logging

/// A DaemonSet's template history as ControllerRevisions, kept as Kubernetes' DaemonSet
/// controller keeps it, so that `kubectl rollout history ds` lists it and `kubectl rollout undo
/// ds` restores an earlier template: each distinct template has one revision named
/// `<daemonset>-<template hash>` whose `data` is the strategic merge patch that restores it
/// (`{"spec":{"template":{..., "$patch":"replace"}}}`), labelled like the template plus
/// `controller-revision-hash`, carrying the DaemonSet's annotations (so its change-cause) and
/// controlled by the DaemonSet. The current template's revision is the newest: a template that
/// returns to an earlier one bumps that revision's number instead of adding one. Old revisions
/// beyond `revisionHistoryLimit` (10) whose hash no live pod carries are deleted, oldest first.
struct DaemonSetHistory {
    let client: any ObjectClient
    let revisions: Informer
    let logger: Logger

    /// The revision data that restores `template`.
    static func data(of template: JSONValue) -> JSONValue {
        var replacing = template
        replacing["$patch"] = "replace"
        return ["spec": ["template": replacing]]
    }

    /// Whether a revision's data restores `template` (null members read as absent, as the
    /// templates a client writes back may carry them).
    static func restores(_ revision: JSONValue, _ template: JSONValue) -> Bool {
        guard var stored = revision[path: "data", "spec", "template"] else { return false }
        stored["$patch"] = nil
        return PodTemplateHash.canonical(stored) == PodTemplateHash.canonical(template)
    }

    /// Claims the DaemonSet's revisions, makes the current template's revision the newest and
    /// trims the history; `liveHashes` are the template hashes of the pods that still run.
    func sync(_ daemonSet: JSONValue, hash: String, liveHashes: Set<String>) async throws {
        guard let selector = LabelMatcher(selector: daemonSet[path: "spec", "selector"]), !selector.isEmpty else { return }
        let claimer = ControllerRefClaimer(client: client, owner: daemonSet, ownerType: .daemonSets, dependentType: .controllerRevisions,
                                           selector: selector, logger: logger)
        let owned = try await claimer.claim(ControllerRefClaimer.candidates(in: revisions, for: daemonSet))
        let template = daemonSet[path: "spec", "template"] ?? [:]
        let newest = owned.compactMap { $0["revision"]?.intValue }.max() ?? 0
        let current = owned.filter { Self.restores($0, template) }.max { ($0["revision"]?.intValue ?? 0) < ($1["revision"]?.intValue ?? 0) }
        if let current {
            if (current["revision"]?.intValue ?? 0) < newest {
                _ = try await ConflictRetry.update(client, .controllerRevisions, current) { revision in
                    revision["revision"] = .int(newest + 1)
                    return true
                }
            }
        } else {
            try await create(daemonSet, template: template, hash: hash, revision: newest + 1)
        }
        let limit = Int(daemonSet[path: "spec", "revisionHistoryLimit"]?.intValue ?? 10)
        let old = owned.filter { $0.uid != current?.uid }.sorted { ($0["revision"]?.intValue ?? 0) < ($1["revision"]?.intValue ?? 0) }
        var excess = old.count - max(0, limit)
        for revision in old where excess > 0 && !liveHashes.contains(revision.labels[DaemonPlacement.revisionLabel] ?? "") {
            do {
                _ = try await client.delete(.controllerRevisions, namespace: revision.namespace ?? "", name: revision.name ?? "")
            } catch where isNotFound(error) {}
            excess -= 1
        }
    }

    private func create(_ daemonSet: JSONValue, template: JSONValue, hash: String, revision: Int64) async throws {
        var labels = (template[path: "metadata", "labels"]?.objectValue ?? [:])
        labels[DaemonPlacement.revisionLabel] = .string(hash)
        var metadata: JSONValue = [
            "name": .string("\(daemonSet.name ?? "")-\(hash)"), "namespace": .string(daemonSet.namespace ?? ""),
            "labels": .object(labels), "ownerReferences": [OwnerReference(controllerOf: daemonSet, type: .daemonSets).json],
        ]
        if let annotations = daemonSet[path: "metadata", "annotations"], annotations.objectValue?.isEmpty == false {
            metadata["annotations"] = annotations
        }
        let object: JSONValue = [
            "apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": metadata,
            "data": Self.data(of: template), "revision": .int(revision),
        ]
        do {
            _ = try await client.create(.controllerRevisions, namespace: daemonSet.namespace ?? "", object: object)
        } catch let error as APIError where error.code == 409 {
            // The name is taken: by this template's revision that the cache has not seen yet (the
            // next reconcile finds it), or by another template with the same hash (logged).
            let existing = try await client.get(.controllerRevisions, namespace: daemonSet.namespace ?? "", name: object.name ?? "")
            if !Self.restores(existing, template) {
                logger.warning("controller revision name collision", metadata: ["revision": "\(object.name ?? "")"])
            }
        }
    }
}
