extension Transaction {
    /// Lock times below this are block heights, from it on Unix times (`LOCKTIME_THRESHOLD`).
    public static let lockTimeThreshold: UInt32 = 500_000_000
    /// nSequence bit that turns relative lock times off for an input (BIP68).
    public static let sequenceLockTimeDisableFlag: UInt32 = 1 << 31
    /// nSequence bit that makes a relative lock time count units of 512 seconds instead of blocks (BIP68).
    public static let sequenceLockTimeTypeFlag: UInt32 = 1 << 22

    /// Whether input `input`'s nSequence meets a relative lock of `value` (`OP_CHECKSEQUENCEVERIFY`, Core's
    /// `CheckSequence`): version 2 or later, relative locks on, the same unit, and at least `value`.
    public func meetsRelativeLock(_ value: UInt32, input: Int) -> Bool {
        guard inputs.indices.contains(input), version >= 2 else { return false }
        let sequence = inputs[input].sequence
        if sequence & Self.sequenceLockTimeDisableFlag != 0 { return false }
        let mask = Self.sequenceLockTimeTypeFlag | 0x0000_ffff
        let have = sequence & mask, want = value & mask
        guard (have < Self.sequenceLockTimeTypeFlag) == (want < Self.sequenceLockTimeTypeFlag) else { return false }
        return want <= have
    }

    /// Whether the transaction's nLockTime meets an absolute lock of `value` for input `input`
    /// (`OP_CHECKLOCKTIMEVERIFY`, Core's `CheckLockTime`): the same unit, at least `value`, and the input not final.
    public func meetsAbsoluteLock(_ value: UInt32, input: Int) -> Bool {
        guard inputs.indices.contains(input) else { return false }
        guard (lockTime < Self.lockTimeThreshold) == (value < Self.lockTimeThreshold), value <= lockTime else { return false }
        return inputs[input].sequence != 0xffff_ffff
    }
}
