// SovWallet
//
// The Bitcoin Client's wallet: descriptors (watch-only, or an account derived from a BIP39 mnemonic), one
// SQLite file per wallet (WAL, crash-safe), and sync over the Electrum protocol that trusts nothing it is told:
// the header chain is validated here (linkage, proof of work, difficulty, median time, the genesis checkpoint)
// and every confirmed transaction's merkle proof is checked against it. Balances, unspent outputs and history
// are computed from the verified transactions, never taken from the server.
//
// May import: SovElectrumClient, SovElectrum, SovDescriptors, SovKeys, SovPrimitives, SovJSON and the CSQLite
// system library.
// The layers and where new things go: Sources/README.md.
