// SovElectrumFraming
//
// The Electrum protocol's framing over SwiftNIO: newline-delimited lines with a length bound, shared by the
// client and the server.
//
// May import: NIOCore.
// The layers and where new things go: Sources/README.md.
