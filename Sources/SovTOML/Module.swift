// SovTOML
//
// A strict TOML v1.0.0 reader (without the date and time types) for sov's configuration files: documents,
// tables and values, with every key's line and column kept so that a bad setting is reported where it was
// written.
//
// May import: nothing (the Swift standard library and Foundation only).
// The layers and where new things go: Sources/README.md.
