// SovKeys
//
// Keys and signatures over libsecp256k1 (never hand-rolled elliptic-curve maths): private and public keys,
// ECDSA and Schnorr (BIP340), WIF, BIP32 extended keys and derivation paths, BIP39 mnemonics.
//
// May import: SovPrimitives and the CSecp256k1 system library.
// The layers and where new things go: Sources/README.md.
