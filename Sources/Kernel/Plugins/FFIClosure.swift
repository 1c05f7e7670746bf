import CFFIShim

/// One libffi closure: a fresh C function pointer that, when called, runs `handler` with the
/// call's arguments and a context pointer bound at creation. This is how each plugin instance
/// gets host-table functions that know which instance is calling without taking an argument.
final class FFIClosure {
    /// The generic handler libffi invokes: (cif, return slot, argument pointers, user data).
    typealias Handler = @convention(c) (
        UnsafeMutablePointer<ffi_cif>?, UnsafeMutableRawPointer?,
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutableRawPointer?
    ) -> Void

    /// The executable entry point to store in a function-pointer field.
    let code: UnsafeMutableRawPointer
    private let closure: UnsafeMutableRawPointer
    private let cif: UnsafeMutablePointer<ffi_cif>
    private let argumentTypes: UnsafeMutablePointer<UnsafeMutablePointer<ffi_type>?>

    /// Argument and return types this host table uses.
    enum ValueType {
        case void, pointer, int32, uint64, size

        var ffiType: UnsafeMutablePointer<ffi_type> {
            switch self {
            case .void: keelson_ffi_type_void()
            case .pointer: keelson_ffi_type_pointer()
            case .int32: keelson_ffi_type_sint32()
            case .uint64: keelson_ffi_type_uint64()
            case .size: keelson_ffi_type_size_t()
            }
        }
    }

    /// Prepares a closure of the given C signature. Fails only when libffi cannot allocate
    /// executable memory or rejects the signature.
    init(returns: ValueType, arguments: [ValueType], handler: Handler, userData: UnsafeMutableRawPointer) throws {
        var codePointer: UnsafeMutableRawPointer?
        guard let closure = ffi_closure_alloc(MemoryLayout<ffi_closure>.size, &codePointer), let codePointer else {
            throw PluginHostError("libffi could not allocate a closure")
        }
        self.closure = closure
        self.code = codePointer
        cif = .allocate(capacity: 1)
        argumentTypes = .allocate(capacity: max(arguments.count, 1))
        for (index, type) in arguments.enumerated() { argumentTypes[index] = type.ffiType }
        let prepared = ffi_prep_cif(cif, keelson_ffi_default_abi(), UInt32(arguments.count), returns.ffiType, argumentTypes)
        guard prepared == FFI_OK else {
            ffi_closure_free(closure)
            throw PluginHostError("libffi rejected a host-table signature (status \(prepared.rawValue))")
        }
        let bound = ffi_prep_closure_loc(closure.assumingMemoryBound(to: ffi_closure.self), cif, handler, userData, codePointer)
        guard bound == FFI_OK else {
            ffi_closure_free(closure)
            throw PluginHostError("libffi could not bind a host-table closure (status \(bound.rawValue))")
        }
    }

    deinit {
        ffi_closure_free(closure)
        cif.deallocate()
        argumentTypes.deallocate()
    }
}

/// Reading libffi's argument array and writing its return slot.
extension UnsafeMutablePointer where Pointee == UnsafeMutableRawPointer? {
    func argument<T>(_ index: Int, as type: T.Type) -> T {
        self[index]!.load(as: type)
    }
}

extension UnsafeMutableRawPointer {
    /// libffi widens integral return values narrower than a register to `ffi_arg`.
    func returnStatus(_ status: Int32) {
        storeBytes(of: Int64(status), as: Int64.self)
    }
}

/// A failure of the plugin host itself (not of a plugin call).
public struct PluginHostError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let description: String
    init(_ description: String) { self.description = description }
}
