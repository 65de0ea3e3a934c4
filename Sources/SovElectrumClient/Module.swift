// SovElectrumClient
//
// An Electrum protocol client over TCP, TLS (pinned certificates) and WebSocket, on SwiftNIO: calls, batches,
// pipelining, subscriptions and notifications.
//
// May import: SovJSON, SovPrimitives, SovElectrum, SovElectrumFraming and swift-nio(-ssl).
// The layers and where new things go: Sources/README.md.
