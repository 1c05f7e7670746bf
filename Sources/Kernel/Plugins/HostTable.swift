import CFFIShim
import Foundation
import PluginABI

/// The `keelson_host` table of one instance: every function pointer is a libffi closure bound
/// to that instance's `HostContext`, so a call tells the host who is calling by construction.
final class HostTable {
    /// The table handed to the plugin's `create`; valid while this object lives.
    let pointer: UnsafeMutablePointer<keelson_host>
    private let closures: [FFIClosure]
    private let context: Unmanaged<HostContext>

    init(context: HostContext) throws {
        let retained = Unmanaged.passRetained(context)
        let userData = retained.toOpaque()
        do {
            let log = try FFIClosure(returns: .void, arguments: [.int32, .pointer, .size], handler: HostTable.log, userData: userData)
            let get = try FFIClosure(returns: .int32, arguments: [.pointer, .size, .pointer, .size, .pointer, .size, .pointer], handler: HostTable.getObject, userData: userData)
            let list = try FFIClosure(returns: .int32, arguments: [.pointer, .size, .pointer, .size, .pointer], handler: HostTable.listObjects, userData: userData)
            let watch = try FFIClosure(returns: .int32, arguments: [.pointer, .size, .pointer, .size, .uint64, .pointer], handler: HostTable.watch, userData: userData)
            let cancel = try FFIClosure(returns: .int32, arguments: [.uint64], handler: HostTable.cancelWatch, userData: userData)
            let emit = try FFIClosure(returns: .int32, arguments: [.pointer, .size], handler: HostTable.emitEvent, userData: userData)
            let report = try FFIClosure(returns: .int32, arguments: [.int32, .pointer, .size], handler: HostTable.reportStatus, userData: userData)
            let delegate = try FFIClosure(returns: .int32, arguments: [.pointer, .size, .pointer, .size, .pointer, .size, .pointer, .size, .pointer], handler: HostTable.cniDelegate, userData: userData)
            closures = [log, get, list, watch, cancel, emit, report, delegate]
            pointer = .allocate(capacity: 1)
            pointer.initialize(to: keelson_host(
                struct_size: UInt32(MemoryLayout<keelson_host>.size),
                abi_major: UInt16(KEELSON_ABI_MAJOR),
                abi_minor: UInt16(KEELSON_ABI_MINOR),
                log: unsafeBitCast(log.code, to: (@convention(c) (Int32, UnsafePointer<CChar>?, Int) -> Void).self),
                get_object: unsafeBitCast(get.code, to: (@convention(c) (UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, Int, UnsafeMutablePointer<keelson_sink>?) -> keelson_status).self),
                list_objects: unsafeBitCast(list.code, to: (@convention(c) (UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, Int, UnsafeMutablePointer<keelson_sink>?) -> keelson_status).self),
                watch: unsafeBitCast(watch.code, to: (@convention(c) (UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, Int, UInt64, UnsafeMutablePointer<UInt64>?) -> keelson_status).self),
                cancel_watch: unsafeBitCast(cancel.code, to: (@convention(c) (UInt64) -> keelson_status).self),
                emit_event: unsafeBitCast(emit.code, to: (@convention(c) (UnsafePointer<CChar>?, Int) -> keelson_status).self),
                report_status: unsafeBitCast(report.code, to: (@convention(c) (Int32, UnsafePointer<CChar>?, Int) -> keelson_status).self),
                cni_delegate: unsafeBitCast(delegate.code, to: (@convention(c) (UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, Int, UnsafeMutablePointer<keelson_sink>?) -> keelson_status).self)
            ))
            self.context = retained
        } catch {
            retained.release()
            throw error
        }
    }

    deinit {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
        context.release()
    }

    // MARK: handlers: decode libffi's arguments and forward to the bound context.

    private static func context(_ userData: UnsafeMutableRawPointer?) -> HostContext {
        Unmanaged<HostContext>.fromOpaque(userData!).takeUnretainedValue()
    }

    private static func text(_ args: UnsafeMutablePointer<UnsafeMutableRawPointer?>, _ index: Int) -> String {
        let pointer = args.argument(index, as: UnsafePointer<CChar>?.self)
        let length = args.argument(index + 1, as: Int.self)
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private static let log: FFIClosure.Handler = { _, _, args, userData in
        guard let args else { return }
        context(userData).log(level: args.argument(0, as: Int32.self), message: text(args, 1))
    }

    private static let getObject: FFIClosure.Handler = { _, result, args, userData in
        guard let args, let result else { return }
        let sink = args.argument(6, as: UnsafeMutablePointer<keelson_sink>?.self)
        result.returnStatus(context(userData).getObject(resource: text(args, 0), namespace: text(args, 2), name: text(args, 4), sink: sink))
    }

    private static let listObjects: FFIClosure.Handler = { _, result, args, userData in
        guard let args, let result else { return }
        let sink = args.argument(4, as: UnsafeMutablePointer<keelson_sink>?.self)
        result.returnStatus(context(userData).listObjects(resource: text(args, 0), namespace: text(args, 2), sink: sink))
    }

    private static let watch: FFIClosure.Handler = { _, result, args, userData in
        guard let args, let result else { return }
        let from = args.argument(4, as: UInt64.self)
        let out = args.argument(5, as: UnsafeMutablePointer<UInt64>?.self)
        result.returnStatus(context(userData).watch(resource: text(args, 0), namespace: text(args, 2), fromRevision: from, out: out))
    }

    private static let cancelWatch: FFIClosure.Handler = { _, result, args, userData in
        guard let args, let result else { return }
        result.returnStatus(context(userData).cancelWatch(args.argument(0, as: UInt64.self)))
    }

    private static let emitEvent: FFIClosure.Handler = { _, result, args, userData in
        guard let args, let result else { return }
        result.returnStatus(context(userData).emitEvent(json: text(args, 0)))
    }

    private static let cniDelegate: FFIClosure.Handler = { _, result, args, userData in
        guard let args, let result else { return }
        let sink = args.argument(8, as: UnsafeMutablePointer<keelson_sink>?.self)
        result.returnStatus(context(userData).delegateCNI(
            command: text(args, 0), type: text(args, 2), netConfig: bytes(args, 4), runtime: bytes(args, 6), sink: sink))
    }

    private static func bytes(_ args: UnsafeMutablePointer<UnsafeMutableRawPointer?>, _ index: Int) -> Data {
        let pointer = args.argument(index, as: UnsafePointer<CChar>?.self)
        let length = args.argument(index + 1, as: Int.self)
        guard let pointer, length > 0 else { return Data() }
        return Data(bytes: pointer, count: length)
    }

    private static let reportStatus: FFIClosure.Handler = { _, result, args, userData in
        guard let args, let result else { return }
        result.returnStatus(context(userData).reportStatus(health: args.argument(0, as: Int32.self), message: text(args, 1)))
    }
}
