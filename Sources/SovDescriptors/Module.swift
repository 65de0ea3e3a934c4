// SovDescriptors
//
// Output descriptors and miniscript: parsing, checksums, address derivation, and Core-compatible inference of a
// descriptor from a script (`desc` in decodescript).
//
// May import: SovPrimitives and SovKeys.
// The layers and where new things go: Sources/README.md.
