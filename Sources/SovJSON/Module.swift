// SovJSON
//
// Ordered JSON values, a parser, and a writer whose output is byte-identical to Bitcoin Core's (key order kept,
// Core's number and string formatting).
//
// May import: nothing (the Swift standard library only).
// The layers and where new things go: Sources/README.md.
