import SovPrimitives
import SovPSBT

/// What `Wallet.createPayment` is asked to build.
public struct PaymentRequest: Sendable {
    /// Who is paid what. With `sendMax`, the one recipient's amount is ignored: it gets everything less the fee.
    public var recipients: [(script: Script, amount: Amount)]
    public var sendMax: Bool
    /// Satoshis per virtual byte.
    public var feeRate: Double
    /// Spend exactly these outputs (all of them), instead of selecting.
    public var spend: [OutPoint]?
    /// Never spend these.
    public var exclude: Set<OutPoint>
    /// Change goes here instead of the wallet's next change address.
    public var changeScript: Script?
    /// Signal BIP125 replaceability (the default, as Core's).
    public var replaceable: Bool
    /// nLockTime; nil for anti-fee-sniping (the current tip, sometimes up to 100 blocks earlier, as Core).
    public var lockTime: UInt32?
    /// An OP_RETURN output carrying these bytes.
    public var data: [UInt8]?
    /// Accept a fee above `Wallet.maximumFee` or a rate above `Wallet.maximumFeeRate`.
    public var allowHighFee: Bool
    /// The PSBT version to write: 0 (BIP174, what most signers take) or 2 (BIP370).
    public var psbtVersion: Int
    /// Recipients (indexes into `recipients`) whose amounts pay the fee, in equal parts, instead of the inputs.
    public var subtractFeeFrom: Set<Int>

    public init(recipients: [(script: Script, amount: Amount)], sendMax: Bool = false, feeRate: Double, spend: [OutPoint]? = nil,
                exclude: Set<OutPoint> = [], changeScript: Script? = nil, replaceable: Bool = true, lockTime: UInt32? = nil,
                data: [UInt8]? = nil, allowHighFee: Bool = false, psbtVersion: Int = 0, subtractFeeFrom: Set<Int> = []) {
        self.recipients = recipients
        self.sendMax = sendMax
        self.feeRate = feeRate
        self.spend = spend
        self.exclude = exclude
        self.changeScript = changeScript
        self.replaceable = replaceable
        self.lockTime = lockTime
        self.data = data
        self.allowHighFee = allowHighFee
        self.psbtVersion = psbtVersion
        self.subtractFeeFrom = subtractFeeFrom
    }
}

/// A built, unsigned payment.
public struct PaymentProposal: Sendable {
    /// The PSBT to sign (version 0), with UTXOs and key origins for every input and the change output.
    public var psbt: PSBT
    public var fee: Amount
    /// The virtual size once signed (an upper bound: signatures are assumed at their largest).
    public var estimatedVirtualSize: Int
    /// The index of the change output, if any.
    public var changeIndex: Int?
    /// The outputs spent.
    public var inputs: [WalletOutput]
    /// "bnb" (no change), "srd", "manual" (--utxo) or "max".
    public var selection: String
}
