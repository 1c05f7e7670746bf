#include "keelson_ffi.h"

ffi_type *keelson_ffi_type_void(void) { return &ffi_type_void; }
ffi_type *keelson_ffi_type_pointer(void) { return &ffi_type_pointer; }
ffi_type *keelson_ffi_type_sint32(void) { return &ffi_type_sint32; }
ffi_type *keelson_ffi_type_uint16(void) { return &ffi_type_uint16; }
ffi_type *keelson_ffi_type_uint64(void) { return &ffi_type_uint64; }
ffi_type *keelson_ffi_type_size_t(void) { return sizeof(size_t) == 8 ? &ffi_type_uint64 : &ffi_type_uint32; }
ffi_abi keelson_ffi_default_abi(void) { return FFI_DEFAULT_ABI; }
