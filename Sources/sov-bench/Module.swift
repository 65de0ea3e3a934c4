// sov-bench
//
// `sov-bench`: speed and memory measurements against baselines measured in the same run (release builds only).
//
// May import: SovJSON, SovPrimitives, SovKeys, SovIndex, SovInspect, SovElectrum, SovElectrumFraming,
// SovElectrumClient, SovServer, swift-nio.
// The layers and where new things go: Sources/README.md.
