/// A plugin chosen in the cluster config, with the config handed to its instances. The config
/// stays generic JSON: the plugin's own JSON Schema says what it must look like.
public struct PluginRef: Sendable, Hashable {
    /// The plugin's name as its descriptor gives it ("default-scheduler").
    public var plugin: String
    /// The config passed to the plugin's `create`; `{}` when the file gives none.
    public var config: JSONValue

    /// A reference to `plugin` with `config`.
    public init(plugin: String, config: JSONValue = [:]) {
        self.plugin = plugin
        self.config = config
    }
}
