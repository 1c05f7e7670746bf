import Kernel

/// What reaches the scheduling thread from the outside: informer changes, the end of the
/// informers' initial lists, finished bindings, and diagnostics requests.
enum FrameworkInput: Sendable {
    /// A Node changed.
    case node(InformerEvent)
    /// A Pod changed, with its bundle payload (nil: an update that changes nothing scheduling reads).
    case pod(InformerEvent, FrameworkPodPayload?)
    /// A Namespace changed.
    case namespace(InformerEvent)
    /// Every informer has delivered its initial list: scheduling may start.
    case synced
    /// The DefaultBinder's write for binding attempt `id` ended (nil: the Binding was accepted).
    case bindingFinished(id: UInt64, error: (any Error)?)
    /// Asks for the queue's state of every pod (for diagnostics and tests).
    case snapshot(@Sendable ([String: String]) -> Void)
}
