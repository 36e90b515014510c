/**
 * Loaded by `npm test` (--import) into every test process: the wasm backend fills outputs from
 * allocUninitialized with NaN, so a kernel that leaves part of its output unwritten fails its test
 * instead of passing on the zeros a fresh memory happens to hold. Child processes inherit it.
 */
process.env["DROPOUT_WASM_POISON"] ??= "1";
