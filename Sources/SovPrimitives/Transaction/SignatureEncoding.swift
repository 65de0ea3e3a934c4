/// Core's `IsValidSignatureEncoding`: strict DER (BIP66) plus one hash-type byte.
public enum SignatureEncoding {
    public static func isValidDER(_ sig: [UInt8]) -> Bool {
        if sig.count < 9 || sig.count > 73 { return false }
        if sig[0] != 0x30 { return false }
        if Int(sig[1]) != sig.count - 3 { return false }
        let lenR = Int(sig[3])
        if 5 + lenR >= sig.count { return false }
        let lenS = Int(sig[5 + lenR])
        if lenR + lenS + 7 != sig.count { return false }
        if sig[2] != 0x02 { return false }
        if lenR == 0 { return false }
        if sig[4] & 0x80 != 0 { return false }
        if lenR > 1 && sig[4] == 0x00 && sig[5] & 0x80 == 0 { return false }
        if sig[lenR + 4] != 0x02 { return false }
        if lenS == 0 { return false }
        if sig[lenR + 6] & 0x80 != 0 { return false }
        if lenS > 1 && sig[lenR + 6] == 0x00 && sig[lenR + 7] & 0x80 == 0 { return false }
        return true
    }

    /// Core's `IsDefinedHashtypeSignature`: the last byte, less ANYONECANPAY, is ALL, NONE or SINGLE.
    public static func hasDefinedHashType(_ sig: [UInt8]) -> Bool {
        guard let last = sig.last else { return false }
        let base = last & ~UInt8(0x80)
        return base >= 1 && base <= 3
    }

    /// Core's `CheckSignatureEncoding` under DERSIG and STRICTENC for a non-empty signature: strict DER
    /// plus a defined hash type.
    public static func isStrictlyEncoded(_ sig: [UInt8]) -> Bool {
        isValidDER(sig) && hasDefinedHashType(sig)
    }
}
