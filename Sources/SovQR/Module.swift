// SovQR
//
// QR codes (ISO/IEC 18004, model 2): a byte-mode encoder for versions 1–40 at levels L, M, Q and H, with
// Reed–Solomon blocks and the mask chosen by the standard's penalty rules, and three renderers (Unicode half
// blocks for terminals, SVG, PNG). Debian's libqrencode has no static library, and the encoder is small.
//
// May import: nothing (the Swift standard library only).
// The layers and where new things go: Sources/README.md.
