// SovNodeRPC
//
// A Bitcoin Core JSON-RPC client over libcurl (batches, cookie or user/password credentials, endpoint
// resolution from options, environment and bitcoin.conf) and a ZMQ (ZMTP 3) subscriber for block announcements.
//
// May import: SovJSON, SovPrimitives and the CCurl shim.
// The layers and where new things go: Sources/README.md.
