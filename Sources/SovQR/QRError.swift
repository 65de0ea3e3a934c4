/// Why a payload could not be encoded.
public enum QRError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The payload does not fit in a version-40 symbol at this level (`capacity` bytes do).
    case payloadTooLong(bytes: Int, capacity: Int, level: QRErrorCorrectionLevel)
    /// A mask pattern outside 0…7, or a version outside 1…40, was asked for.
    case invalidParameter(String)

    public var description: String {
        switch self {
        case let .payloadTooLong(bytes, capacity, level):
            "\(bytes) bytes do not fit in a QR code at level \(level.rawValue) (at most \(capacity))"
        case let .invalidParameter(text):
            text
        }
    }
}
