/// The four error-correction levels of ISO/IEC 18004: the share of codewords that may be lost and still
/// be recovered (about 7 %, 15 %, 25 % and 30 %).
public enum QRErrorCorrectionLevel: String, Sendable, CaseIterable {
    case low = "L"
    case medium = "M"
    case quartile = "Q"
    case high = "H"

    /// The two bits the format information carries for this level (ISO/IEC 18004 table 12).
    var formatBits: UInt32 {
        switch self {
        case .low: 1
        case .medium: 0
        case .quartile: 3
        case .high: 2
        }
    }

    /// Index into `QRVersionTable`'s per-level rows.
    var tableRow: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .quartile: 2
        case .high: 3
        }
    }
}
