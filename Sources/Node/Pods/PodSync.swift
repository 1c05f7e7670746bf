import Kernel

/// What a sync asks of its worker.
enum SyncOutcome: Equatable {
    /// Nothing pending: sleep until the pod or its containers change.
    case idle
    /// Sync again after this long (a retry or restart is due then).
    case retry(after: Duration)
    /// The pod is gone and everything it had is released: the worker ends.
    case finished
}

/// One pass of the kubelet's pod sync: compare what the pod asks for with what the runtime
/// has and take the next steps (sandbox and network, init containers one at a time, app
/// containers, restarts by policy, termination), then report the status.
struct PodSync: Sendable {
    let context: KubeletContext

    func sync(_ record: inout PodRecord, pod object: JSONValue, deleted: Bool) async -> SyncOutcome {
        let pod = PodView(pod: object)
        let clock = ContinuousClock()
        let now = clock.now
        if deleted || pod.isTerminating {
            record.probes?.stopAll()
            guard await PodTermination(context: context).terminate(&record, pod: pod, remove: true) else {
                return .retry(after: context.options.backOff.delay(afterFailures: 1))
            }
            PodVolumes(root: context.options.podsRoot).tearDown(podUID: pod.uid)
            if !deleted { await finishDeletion(pod) }
            return .finished
        }
        if record.startTime == nil {
            record.startTime = pod.pod[path: "status", "startTime"]?.stringValue ?? KubeTime.now()
            if let phase = pod.apiPhase, phase == "Succeeded" || phase == "Failed" {
                // Finished before this kubelet knew it: never run it again.
                record.terminalPhase = phase
                record.podIPs = (pod.pod[path: "status", "podIPs"]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue }
                return .idle
            }
        }
        await context.runtime.refresh(&record)
        if record.terminalPhase == nil {
            await PodProbing(context: context).apply(&record, pod: pod)
            await advance(&record, pod: pod, now: now)
            await PodProbing(context: context).apply(&record, pod: pod)
            let phase = PodPhase.compute(pod, record)
            if phase == "Succeeded" || phase == "Failed" { record.terminalPhase = phase }
        }
        var outcome = SyncOutcome.idle
        if record.terminalPhase != nil {
            // A finished pod keeps its object but gives back its sandbox and address.
            record.restartAt.removeAll()
            if !(await PodTermination(context: context).terminate(&record, pod: pod, remove: false)) {
                outcome = .retry(after: context.options.syncErrorBackOff.delay(afterFailures: 1))
            }
        }
        await writeStatus(&record, pod: pod)
        if outcome == .idle {
            var wake = record.nextRetry.map { max(.zero, $0 - clock.now) }
            if record.terminalPhase == nil, record.hasSyncError {
                // As Kubernetes' pod workers requeue a pod whose sync failed.
                let retry = context.options.syncErrorBackOff.delay(afterFailures: 1)
                wake = min(wake ?? retry, retry)
            }
            if let wake { outcome = .retry(after: wake) }
        }
        return outcome
    }

    /// Sandbox, then init containers in order (each to completion), then app containers.
    private func advance(_ record: inout PodRecord, pod: PodView, now: ContinuousClock.Instant) async {
        // Restarts that were due are decided again below (and re-armed while still backing off).
        record.restartAt = record.restartAt.filter { $0.value > now }
        guard await SandboxSetup(context: context).ensure(&record, pod: pod, now: now) else { return }
        let starter = ContainerStarter(context: context)
        for container in pod.initContainers {
            let current = record.containers[container.name]
            if let snapshot = current?.snapshot, snapshot.state == .exited {
                if snapshot.exitCode == 0 { continue }
                if pod.restartPolicy == "Never" { return }  // the pod has failed
                await restart(container, after: snapshot, &record, pod: pod, now: now, starter: starter)
                return
            }
            if needsStart(container, record) {
                _ = await starter.start(container, record: &record, pod: pod, now: now)
            }
            return  // this init container has not finished yet
        }
        for container in pod.containers {
            if let snapshot = record.containers[container.name]?.snapshot, snapshot.state == .exited {
                if pod.shouldRestart(exitCode: snapshot.exitCode)
                    || (record.probeKilled[container.name] == snapshot.id && pod.restartPolicy != "Never") {
                    await restart(container, after: snapshot, &record, pod: pod, now: now, starter: starter)
                }
            } else if needsStart(container, record) {
                _ = await starter.start(container, record: &record, pod: pod, now: now)
            }
        }
    }

    /// An exited container to be restarted, through the crash-loop back-off: restarted at once
    /// unless its back-off since the exit is still running; then it waits in CrashLoopBackOff
    /// (with a BackOff Event) and the worker wakes when the back-off ends.
    private func restart(_ container: ContainerSpec, after exited: ContainerSnapshot, _ record: inout PodRecord,
                         pod: PodView, now: ContinuousClock.Instant, starter: ContainerStarter) async {
        let name = container.name
        let decision = CrashLoopBackOff.decide(container: name, exited: exited, pod: pod, table: &record.crashBackOff, now: now)
        switch decision {
        case .wait(let waiting, let until):
            record.waiting[name] = waiting
            record.restartAt[name] = until
            await context.recorder.pod(pod.pod, .warning, "BackOff", CrashLoopBackOff.eventMessage(container: name, pod: pod),
                                       fieldPath: container.fieldPath)
        case .restart:
            record.restartAt[name] = nil
            _ = await starter.start(container, record: &record, pod: pod, now: now)
        }
    }

    /// Whether a container has no instance to wait for: none was made, or the last attempt
    /// failed before it ran.
    private func needsStart(_ container: ContainerSpec, _ record: PodRecord) -> Bool {
        guard let current = record.containers[container.name] else { return true }
        switch current.snapshot?.state {
        case .running?, .exited?, .unknown?: return false
        case .created?, nil: return record.waiting[container.name] != nil
        }
    }

    private func writeStatus(_ record: inout PodRecord, pod: PodView) async {
        let builder = PodStatusBuilder(runtime: context.identity.value, nodeIP: context.options.nodeIP)
        let phase = PodPhase.compute(pod, record)
        let status = builder.build(&record, pod: pod, phase: phase, now: KubeTime.now())
        guard status != record.writtenStatus else { return }
        var object = pod.pod
        object["status"] = status
        object.resourceVersion = nil
        do {
            _ = try await context.client.updateStatus(.pods, namespace: pod.namespace, object: object)
            record.writtenStatus = status
        } catch let error as APIError where error.reason == "NotFound" {
            return
        } catch {
            context.logger.warning("failed to update pod status", metadata: ["pod": "\(pod.namespace)/\(pod.name)", "error": "\(error)"])
            record.writtenStatus = nil
        }
    }

    /// After a terminating pod's containers and sandbox are gone, removes the object (the
    /// kubelet's final, immediate delete), unless it is already gone or was replaced.
    private func finishDeletion(_ pod: PodView) async {
        do {
            let current = try await context.client.get(.pods, namespace: pod.namespace, name: pod.name)
            guard current.uid == pod.uid else { return }
            _ = try await context.client.delete(.pods, namespace: pod.namespace, name: pod.name, options: PodTermination.finalDelete(pod))
        } catch let error as APIError where error.reason == "NotFound" {
            return
        } catch {
            context.logger.warning("failed to delete terminated pod", metadata: ["pod": "\(pod.namespace)/\(pod.name)", "error": "\(error)"])
        }
    }
}
