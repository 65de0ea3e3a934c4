// SovPrimitives
//
// Bitcoin's value types and encodings: hashes (SHA-256, RIPEMD-160, HASH160), hex, Base58, Bech32/Bech32m,
// Base64, scripts and their types, transactions (legacy and segwit serialization, skipping without parsing),
// blocks, addresses, networks, signature hashes (legacy, BIP143, BIP341), chain work, BIP39 PBKDF2.
//
// May import: SovJSON and swift-crypto.
// The layers and where new things go: Sources/README.md.
