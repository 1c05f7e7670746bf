import Foundation
import Kernel

/// CronJobs (batch/v1): the API serves and stores the objects with Kubernetes' defaults
/// (concurrencyPolicy Allow, not suspended, 3 successful and 1 failed jobs kept, pod-template
/// defaults in the job template) and validation (a schedule of five cron fields or a macro such
/// as `@hourly`, a known time zone, a name of at most 52 characters so job names fit, a job
/// template whose pods restart Never or OnFailure). The CronJob controller creates their Jobs.
struct CronJobAdmission: KindAdmission {
    var tracksGeneration: Bool { true }

    static let concurrencyPolicies = ["Allow", "Forbid", "Replace"]
    /// The longest name a CronJob may have: Jobs it creates append an 11-character suffix.
    static let maxNameLength = 52

    func applyDefaults(_ object: inout JSONValue) {
        guard var spec = object["spec"], spec.objectValue != nil else { return }
        PodSpecDefaults.setIfAbsent(&spec, "concurrencyPolicy", "Allow")
        PodSpecDefaults.setIfAbsent(&spec, "suspend", .bool(false))
        PodSpecDefaults.setIfAbsent(&spec, "successfulJobsHistoryLimit", .int(3))
        PodSpecDefaults.setIfAbsent(&spec, "failedJobsHistoryLimit", .int(1))
        if var jobSpec = spec[path: "jobTemplate", "spec"], jobSpec.objectValue != nil {
            SetAdmissionRules.defaultTemplate(&jobSpec)
            spec[path: "jobTemplate", "spec"] = jobSpec
        }
        object["spec"] = spec
    }

    /// A new CronJob's status: nothing has run.
    func prepareForCreate(_ object: inout JSONValue) {
        object["status"] = .object([:])
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        if let name = object.name, name.count > Self.maxNameLength {
            causes.append(.invalid("metadata.name", .string(name), "must be no more than \(Self.maxNameLength) characters"))
        }
        guard let spec = object["spec"], spec.objectValue != nil else { return causes + [.required("spec")] }
        let schedule = spec["schedule"] ?? .null
        if (schedule.stringValue ?? "").isEmpty {
            causes.append(.required("spec.schedule"))
        } else if let problem = CronSchedule.problem(schedule.stringValue ?? "") {
            causes.append(.invalid("spec.schedule", schedule, problem))
        }
        if let zone = spec["timeZone"], !zone.isNull {
            let name = zone.stringValue ?? ""
            if name.isEmpty || name.hasPrefix(" ") || name.lowercased() == "local" || TimeZone(identifier: name) == nil {
                causes.append(.invalid("spec.timeZone", zone, "unknown time zone \(name)"))
            }
        }
        let policy = spec["concurrencyPolicy"] ?? .null
        if !Self.concurrencyPolicies.contains(policy.stringValue ?? "") {
            causes.append(.notSupported("spec.concurrencyPolicy", policy, Self.concurrencyPolicies))
        }
        causes += SetAdmissionRules.nonNegative(spec, ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"])
        if let suspend = spec["suspend"], !suspend.isNull, suspend.boolValue == nil {
            causes.append(.invalid("spec.suspend", suspend, "must be a boolean"))
        }
        guard let jobSpec = spec[path: "jobTemplate", "spec"], jobSpec.objectValue != nil else {
            return causes + [.required("spec.jobTemplate.spec.template")]
        }
        causes += SetAdmissionRules.nonNegative(jobSpec, ["parallelism", "completions", "backoffLimit", "ttlSecondsAfterFinished"],
                                                path: "spec.jobTemplate.spec")
        if jobSpec["manualSelector"]?.boolValue != true, let selector = jobSpec["selector"], !selector.isNull {
            causes.append(.invalid("spec.jobTemplate.spec.selector", selector, "`selector` will be auto-generated"))
        }
        causes += SetAdmissionRules.template(jobSpec, path: "spec.jobTemplate.spec", restartPolicies: ["OnFailure", "Never"])
        return causes
    }
}
