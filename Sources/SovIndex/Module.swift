// SovIndex
//
// The address index: a RocksDB store of every script's fundings and spends and every transaction's place, built
// from blk*.dat files or over RPC, following reorgs, crash-safe (every change one atomic batch with the tip);
// queries for history, balance and unspent outputs; the mempool view.
//
// May import: SovJSON, SovPrimitives, SovNodeRPC, SovElectrum (the canonical mempool order; to be moved up,
// issue 10) and the CRocksDB system library.
// The layers and where new things go: Sources/README.md.
