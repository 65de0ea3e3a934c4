// SovElectrum
//
// The Electrum protocol 1.4–1.6 as pure values: JSON-RPC request and response lines, version negotiation, the
// method table and argument checking (`ElectrumCall`), script-hash statuses and history order, merkle branches,
// the fee histogram. No networking and no index.
//
// May import: SovJSON and SovPrimitives.
// The layers and where new things go: Sources/README.md.
