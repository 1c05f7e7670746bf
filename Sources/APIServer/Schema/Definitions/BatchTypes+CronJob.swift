/// The batch/v1 CronJob types.
extension BatchTypes {
    private static let cronObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    private static let cronListMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"

    /// The envelope fields of a top-level object or list.
    private static func cronEnvelope(_ metadata: String) -> [FieldDefinition] {
        [.init("apiVersion", .string, proto: 0, "The versioned schema of this representation of the object."),
         .init("kind", .string, proto: 0, "The REST resource this object represents, in CamelCase."),
         .init("metadata", .ref(metadata), proto: 1, "Standard object metadata.")]
    }

    /// CronJob, its list, spec, status and the job template it holds.
    static let cronJobDefinitions: [TypeDefinition] = [
        TypeDefinition("io.k8s.api.batch.v1.CronJob", kind: GroupVersionKind(group: "batch", version: "v1", kind: "CronJob"),
                       description: "A CronJob creates Jobs on a repeating schedule.", fields: cronEnvelope(cronObjectMeta) + [
            .init("spec", .ref("io.k8s.api.batch.v1.CronJobSpec"), proto: 2, "The schedule and the job to create."),
            .init("status", .ref("io.k8s.api.batch.v1.CronJobStatus"), proto: 3, "The cron job's runs as last observed."),
        ]),
        TypeDefinition("io.k8s.api.batch.v1.CronJobList", kind: GroupVersionKind(group: "batch", version: "v1", kind: "CronJobList"),
                       description: "A list of cron jobs.", fields: cronEnvelope(cronListMeta) + [
            .init("items", .array(.ref("io.k8s.api.batch.v1.CronJob")), proto: 2, "The cron jobs.", required: true),
        ]),
        TypeDefinition("io.k8s.api.batch.v1.CronJobSpec", description: "When a cron job runs and what each run creates.", fields: [
            .init("schedule", .string, proto: 1, "Five cron fields (minute hour day-of-month month day-of-week) or a macro such as @hourly.", required: true),
            .init("timeZone", .string, proto: 8, "The IANA time zone the schedule is read in; the controller's zone when unset.", pointer: true),
            .init("startingDeadlineSeconds", .integer(bits: 64), proto: 2, "How late a missed run may still start; later runs count as failed.", pointer: true),
            .init("concurrencyPolicy", .string, proto: 3, "Allow (the default), Forbid or Replace runs that overlap."),
            .init("suspend", .boolean, proto: 4, "Stops future runs without affecting running ones; false by default.", pointer: true),
            .init("jobTemplate", .ref("io.k8s.api.batch.v1.JobTemplateSpec"), proto: 5, "The Job each run creates.", required: true),
            .init("successfulJobsHistoryLimit", .integer(bits: 32), proto: 6, "How many finished successful Jobs to keep; 3 by default.", pointer: true),
            .init("failedJobsHistoryLimit", .integer(bits: 32), proto: 7, "How many failed Jobs to keep; 1 by default.", pointer: true),
        ]),
        TypeDefinition("io.k8s.api.batch.v1.CronJobStatus", description: "The observed runs of a cron job.", fields: [
            .init("active", .array(.ref("io.k8s.api.core.v1.ObjectReference")), proto: 1, "The Jobs running now.", listType: .atomic),
            .init("lastScheduleTime", .time, proto: 4, "When a Job was last scheduled."),
            .init("lastSuccessfulTime", .time, proto: 5, "When a Job last completed successfully."),
        ]),
        TypeDefinition("io.k8s.api.batch.v1.JobTemplateSpec", description: "The metadata and spec of the Jobs a cron job creates.", fields: [
            .init("metadata", .ref(cronObjectMeta), proto: 1, "Labels and annotations copied onto each Job."),
            .init("spec", .ref("io.k8s.api.batch.v1.JobSpec"), proto: 2, "The spec of each Job."),
        ]),
    ]
}
