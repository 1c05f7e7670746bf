import Kernel

/// One instantiated plugin of a profile at one extension point.
struct FrameworkPluginRef {
    /// The plugin's name.
    let name: String
    /// The providing bundle's position; -1 for the host's DefaultBinder.
    let bundle: Int
    /// The bundle's handle for it (unused for the host's binder).
    let handle: BundleHandle
    /// The score weight (1 outside Score).
    let weight: Int64

    /// Whether this is the host's DefaultBinder.
    var isHostBinder: Bool { bundle < 0 }
}
