// SovIndex
//
// The address index: a RocksDB store of every script's fundings and spends and every transaction's place, built
// from blk*.dat files or over RPC, following reorgs, crash-safe (every change one atomic batch with the tip);
// queries for history, balance and unspent outputs; the mempool view.
//
// May import: SovJSON, SovPrimitives, SovNodeRPC and the CRocksDB system library (not SovElectrum: the order a
// protocol wants its answers in is the protocol layer's business).
// The layers and where new things go: Sources/README.md.
