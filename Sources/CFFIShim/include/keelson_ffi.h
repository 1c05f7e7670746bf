/* Reaches libffi from Swift. libffi's global ffi_type_* variables are mutable
 * C globals, which Swift 6 strict concurrency refuses to touch directly; these
 * accessors return their addresses instead. */
#ifndef KEELSON_FFI_H
#define KEELSON_FFI_H
#include <ffi.h>

ffi_type *keelson_ffi_type_void(void);
ffi_type *keelson_ffi_type_pointer(void);
ffi_type *keelson_ffi_type_sint32(void);
ffi_type *keelson_ffi_type_uint16(void);
ffi_type *keelson_ffi_type_uint64(void);
ffi_type *keelson_ffi_type_size_t(void);
/* FFI_DEFAULT_ABI is a macro Swift cannot import. */
ffi_abi keelson_ffi_default_abi(void);
#endif
