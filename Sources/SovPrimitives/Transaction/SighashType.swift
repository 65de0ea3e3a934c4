/// Signature hash types: the byte a signature ends with (or, in taproot, may omit), choosing which parts of
/// the transaction the signature commits to.
public enum SighashType {
    /// Taproot only: no hash-type byte; commits like `all`.
    public static let `default`: UInt8 = 0x00
    /// Every input and every output.
    public static let all: UInt8 = 0x01
    /// Every input, no output.
    public static let none: UInt8 = 0x02
    /// Every input and the output at the signed input's index.
    public static let single: UInt8 = 0x03
    /// Flag: only the signed input (combined with one of the above).
    public static let anyoneCanPay: UInt8 = 0x80

    /// The output mode of a legacy or segwit v0 hash type: its low five bits.
    static func outputMode(_ hashType: Int32) -> UInt8 { UInt8(truncatingIfNeeded: hashType) & 0x1f }

    /// Whether a legacy or segwit v0 hash type has the ANYONECANPAY flag.
    static func isAnyoneCanPay(_ hashType: Int32) -> Bool { hashType & Int32(anyoneCanPay) != 0 }
}
