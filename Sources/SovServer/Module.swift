// SovServer
//
// The Electrum server: transports (TCP, TLS, WebSocket), the connection handler (limits, client classes, output
// budget, subscriptions), calls answered from the index and the node, the chain follower, authentication
// (tokens, client certificates, allowed addresses), pairing (enrolment tokens, the pairing window), Tor (control
// port, onion service), the status page, TLS identity, metrics, configuration (TOML, environment, flags).
//
// May import: SovJSON, SovPrimitives, SovQR, SovElectrum, SovElectrumFraming, SovIndex, SovNodeRPC, swift-nio(-ssl),
// swift-certificates, swift-crypto, swift-prometheus, swift-service-lifecycle, swift-log.
// The layers and where new things go: Sources/README.md.
