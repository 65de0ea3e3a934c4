// sov
//
// The `sov` command: maps options to values, calls the libraries, prints, and turns failures into one line on
// stderr and a documented exit status. No Bitcoin logic lives here.
//
// May import: every library target above and swift-argument-parser.
// The layers and where new things go: Sources/README.md.
