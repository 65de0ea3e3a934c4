/// The node kinds of a miniscript expression (Core's `miniscript::Fragment`), with the script each stands for.
///
/// `and_n(X,Y)` is `andor(X,Y,0)`, `t:X` is `and_v(X,1)`, `l:X` is `or_i(0,X)` and `u:X` is `or_i(X,0)`.
public enum MiniscriptFragment: UInt8, Sendable {
    /// `OP_0`
    case just0
    /// `OP_1`
    case just1
    /// `<key>`
    case pkK
    /// `OP_DUP OP_HASH160 <HASH160(key)> OP_EQUALVERIFY`
    case pkH
    /// `<n> OP_CHECKSEQUENCEVERIFY`
    case older
    /// `<n> OP_CHECKLOCKTIMEVERIFY`
    case after
    /// `OP_SIZE 32 OP_EQUALVERIFY OP_SHA256 <hash> OP_EQUAL`
    case sha256
    /// `OP_SIZE 32 OP_EQUALVERIFY OP_HASH256 <hash> OP_EQUAL`
    case hash256
    /// `OP_SIZE 32 OP_EQUALVERIFY OP_RIPEMD160 <hash> OP_EQUAL`
    case ripemd160
    /// `OP_SIZE 32 OP_EQUALVERIFY OP_HASH160 <hash> OP_EQUAL`
    case hash160
    /// `OP_TOALTSTACK [X] OP_FROMALTSTACK`
    case wrapA
    /// `OP_SWAP [X]`
    case wrapS
    /// `[X] OP_CHECKSIG`
    case wrapC
    /// `OP_DUP OP_IF [X] OP_ENDIF`
    case wrapD
    /// `[X] OP_VERIFY` (or the -VERIFY form of X's last opcode)
    case wrapV
    /// `OP_SIZE OP_0NOTEQUAL OP_IF [X] OP_ENDIF`
    case wrapJ
    /// `[X] OP_0NOTEQUAL`
    case wrapN
    /// `[X] [Y]`
    case andV
    /// `[X] [Y] OP_BOOLAND`
    case andB
    /// `[X] [Y] OP_BOOLOR`
    case orB
    /// `[X] OP_NOTIF [Y] OP_ENDIF`
    case orC
    /// `[X] OP_IFDUP OP_NOTIF [Y] OP_ENDIF`
    case orD
    /// `OP_IF [X] OP_ELSE [Y] OP_ENDIF`
    case orI
    /// `[X] OP_NOTIF [Z] OP_ELSE [Y] OP_ENDIF`
    case andor
    /// `[X1] ([Xn] OP_ADD)* <k> OP_EQUAL`
    case thresh
    /// `<k> <key>* <n> OP_CHECKMULTISIG` (P2WSH only)
    case multi
    /// `<key0> OP_CHECKSIG (<key> OP_CHECKSIGADD)* <k> OP_NUMEQUAL` (Tapscript only)
    case multiA
}
