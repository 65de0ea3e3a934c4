// SovInspect
//
// `sov decode`: detects what an input is (transaction, block, header, script, PSBT, key, descriptor, address)
// and renders it as Bitcoin Core's decoders do, byte for byte.
//
// May import: SovJSON, SovPrimitives, SovKeys, SovDescriptors, SovPSBT.
// The layers and where new things go: Sources/README.md.
