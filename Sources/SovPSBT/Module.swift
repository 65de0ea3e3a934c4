// SovPSBT
//
// Partially signed Bitcoin transactions, BIP174 (v0) and BIP370 (v2): parsing, serialization, and the per-input
// and per-output maps with their typed fields.
//
// May import: SovPrimitives and SovKeys.
// The layers and where new things go: Sources/README.md.
