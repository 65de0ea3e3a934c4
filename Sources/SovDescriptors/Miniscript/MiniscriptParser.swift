import SovKeys
import SovPrimitives

extension Miniscript {
    /// Parses miniscript text (Core's `miniscript::FromString`); nil when it does not parse. The result is not
    /// checked: ask ``isValidTopLevel`` and ``isSane``.
    ///
    /// `key` turns a key expression into the key bytes to store (see ``hexKey(context:)`` for the default).
    public static func parse(_ text: String, context: Context,
                             key: ((Substring) -> [UInt8]?)? = nil) -> Miniscript? {
        let key = key ?? hexKey(context: context)
        return parse(text, context: context, keyAt: { text, _ in key(text) })
    }

    /// `parse(_:context:key:)` telling `keyAt` also where each key expression sits in `text` (UTF-8 offsets),
    /// for callers that write the expression back with other key forms (descriptors).
    public static func parse(_ text: String, context: Context, keyAt: @escaping (Substring, Range<Int>) -> [UInt8]?) -> Miniscript? {
        var parser = MiniscriptParser(text: Array(text.utf8), context: context, key: keyAt)
        guard let root = parser.run() else { return nil }
        return Miniscript(arena: parser.arena, root: root)
    }

    /// The default key parser: hex of a valid compressed key (P2WSH and Tapscript) or of a valid x-only key
    /// (Tapscript), as output descriptors write constant keys.
    public static func hexKey(context: Context) -> (Substring) -> [UInt8]? {
        { text in
            guard let bytes = [UInt8](hex: text) else { return nil }
            if bytes.count == 33 && (bytes[0] == 2 || bytes[0] == 3) && PublicKey.isFullyValid(bytes) { return bytes }
            if context == .tapscript && XOnlyPublicKey.isValid(bytes) { return bytes }
            return nil
        }
    }
}

/// Core's `miniscript::internal::Parse`: a state machine over the text, building the tree bottom-up.
struct MiniscriptParser {
    enum Step {
        /// An expression that may start with wrapper letters and a colon.
        case wrappedExpression
        /// An expression without wrappers.
        case expression
        /// Wraps the newest node (a:, s:, c:, d:, v:, j:, n:).
        case wrap(MiniscriptFragment)
        /// u:X is or_i(X,0); t:X is and_v(X,1).
        case wrapU, wrapT
        /// Joins the two newest nodes, oldest first (and_v, and_b, or_b, or_c, or_d, or_i).
        case combine(MiniscriptFragment)
        /// and_n(X,Y) is andor(X,Y,0).
        case andN
        case andor
        /// thresh: n subexpressions read so far, threshold k.
        case thresh(n: Int, k: Int64)
        case comma, closeBracket
    }

    let text: [UInt8]
    let context: Miniscript.Context
    let key: (Substring, Range<Int>) -> [UInt8]?
    var arena: MiniscriptArena
    var position = 0

    init(text: [UInt8], context: Miniscript.Context, key: @escaping (Substring, Range<Int>) -> [UInt8]?) {
        self.text = text
        self.context = context
        self.key = key
        arena = MiniscriptArena(context: context)
    }

    var remaining: ArraySlice<UInt8> { text[position...] }

    /// Core's `Const`: whether the text continues with `literal`, consuming it if `skip`.
    mutating func literal(_ literal: String, skip: Bool = true) -> Bool {
        let bytes = Array(literal.utf8)
        guard remaining.starts(with: bytes) else { return false }
        if skip { position += bytes.count }
        return true
    }

    /// Core's `Expr`: the text up to the next ',' or ')' outside brackets, consumed.
    mutating func expressionText() -> ArraySlice<UInt8> {
        let end = DescriptorParser.expressionEnd(text, from: position)
        defer { position = end }
        return text[position..<end]
    }

    /// Core's `Func`: the argument text of `name(...)` when `expression` is exactly that.
    static func arguments(of name: String, in expression: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let nameBytes = Array(name.utf8)
        guard expression.count >= nameBytes.count + 2, expression.starts(with: nameBytes),
              expression[expression.startIndex + nameBytes.count] == UInt8(ascii: "("),
              expression.last == UInt8(ascii: ")") else { return nil }
        return expression[(expression.startIndex + nameBytes.count + 1)..<(expression.endIndex - 1)]
    }

    /// Core's `ToIntegral<int64_t>`: optional '-', decimal digits, nothing else.
    static func integer(_ bytes: ArraySlice<UInt8>) -> Int64? {
        guard let string = String(bytes: bytes, encoding: .utf8), !string.hasPrefix("+") else { return nil }
        return Int64(string)
    }

    /// Core's `FindNextChar`: offset of `character` before any ')' in the rest of the text, or nil.
    func offsetOfNext(_ character: Character) -> Int? {
        let target = character.asciiValue ?? 0
        var i = position
        while i < text.count {
            if text[i] == target { return i - position }
            if text[i] == UInt8(ascii: ")") { break }
            i += 1
        }
        return nil
    }

    func parseKey(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        guard let string = String(bytes: bytes, encoding: .utf8) else { return nil }
        return key(Substring(string), bytes.startIndex..<bytes.endIndex)
    }

    /// `name(KEY)` as a key.
    mutating func keyArgument(_ name: String) -> [UInt8]? {
        let expression = expressionText()
        guard let argument = MiniscriptParser.arguments(of: name, in: expression) else { return nil }
        return parseKey(argument)
    }

    /// `name(HEX)` as `size` bytes.
    mutating func hashArgument(_ name: String, size: Int) -> [UInt8]? {
        let expression = expressionText()
        guard let argument = MiniscriptParser.arguments(of: name, in: expression),
              let string = String(bytes: argument, encoding: .utf8), Hex.isHex(string),
              let bytes = [UInt8](hex: string), bytes.count == size else { return nil }
        return bytes
    }

    /// `name(N)` with 1 ≤ N < 2^31.
    mutating func lockArgument(_ name: String) -> UInt32? {
        let expression = expressionText()
        guard let argument = MiniscriptParser.arguments(of: name, in: expression),
              let n = MiniscriptParser.integer(argument), n >= 1, n < 0x8000_0000 else { return nil }
        return UInt32(n)
    }

    /// Core's size of `1 + (n > 16) + (n > 0x7f) + (n > 0x7fff) + (n > 0x7fffff)`.
    static func numberSize(_ n: Int64) -> Int {
        1 + (n > 16 ? 1 : 0) + (n > 0x7f ? 1 : 0) + (n > 0x7fff ? 1 : 0) + (n > 0x7fffff ? 1 : 0)
    }

    mutating func run() -> Int? {
        // Running lower bound of the script size, to give up early on oversized input (as Core does).
        var scriptSize = 1
        let maxSize = Miniscript.maxScriptSize(context)
        var toParse: [Step] = [.wrappedExpression]
        var constructed: [Int] = []

        while let step = toParse.popLast() {
            guard scriptSize <= maxSize else { return nil }
            switch step {
            case .wrappedExpression:
                var colon: Int?
                var i = position + 1
                while i < text.count {
                    if text[i] == UInt8(ascii: ":") { colon = i; break }
                    if text[i] < UInt8(ascii: "a") || text[i] > UInt8(ascii: "z") { break }
                    i += 1
                }
                var lastWasV = false
                if let colon {
                    for j in position..<colon {
                        guard scriptSize <= maxSize else { return nil }
                        switch text[j] {
                        case UInt8(ascii: "a"): scriptSize += 2; toParse.append(.wrap(.wrapA))
                        case UInt8(ascii: "s"): scriptSize += 1; toParse.append(.wrap(.wrapS))
                        case UInt8(ascii: "c"): scriptSize += 1; toParse.append(.wrap(.wrapC))
                        case UInt8(ascii: "d"): scriptSize += 3; toParse.append(.wrap(.wrapD))
                        case UInt8(ascii: "j"): scriptSize += 4; toParse.append(.wrap(.wrapJ))
                        case UInt8(ascii: "n"): scriptSize += 1; toParse.append(.wrap(.wrapN))
                        case UInt8(ascii: "v"):
                            // "vv" is never valid, and would not grow the size estimate.
                            if lastWasV { return nil }
                            toParse.append(.wrap(.wrapV))
                        case UInt8(ascii: "u"): scriptSize += 4; toParse.append(.wrapU)
                        case UInt8(ascii: "t"): scriptSize += 1; toParse.append(.wrapT)
                        case UInt8(ascii: "l"):
                            // l:X is or_i(0,X)
                            scriptSize += 4
                            constructed.append(arena.add(.just0))
                            toParse.append(.combine(.orI))
                        default: return nil
                        }
                        lastWasV = text[j] == UInt8(ascii: "v")
                    }
                }
                toParse.append(.expression)
                if let colon { position = colon + 1 }
            case .expression:
                guard parseExpression(&toParse, &constructed, &scriptSize) else { return nil }
            case .wrap(let fragment):
                guard let last = constructed.popLast() else { return nil }
                if fragment == .wrapV { scriptSize += arena[last].type.has(.x) ? 1 : 0 }
                constructed.append(arena.add(fragment, subs: [last]))
            case .wrapU:
                guard let last = constructed.popLast() else { return nil }
                constructed.append(arena.add(.orI, subs: [last, arena.add(.just0)]))
            case .wrapT:
                guard let last = constructed.popLast() else { return nil }
                constructed.append(arena.add(.andV, subs: [last, arena.add(.just1)]))
            case .combine(let fragment):
                guard constructed.count >= 2 else { return nil }
                let child = constructed.removeLast()
                let first = constructed.removeLast()
                constructed.append(arena.add(fragment, subs: [first, child]))
            case .andN:
                guard constructed.count >= 2 else { return nil }
                let mid = constructed.removeLast()
                let first = constructed.removeLast()
                constructed.append(arena.add(.andor, subs: [first, mid, arena.add(.just0)]))
            case .andor:
                guard constructed.count >= 3 else { return nil }
                let right = constructed.removeLast()
                let mid = constructed.removeLast()
                let first = constructed.removeLast()
                constructed.append(arena.add(.andor, subs: [first, mid, right]))
            case .thresh(let n, let k):
                guard position < text.count else { return nil }
                if text[position] == UInt8(ascii: ",") {
                    position += 1
                    toParse.append(.thresh(n: n + 1, k: k))
                    toParse.append(.wrappedExpression)
                    scriptSize += 2
                } else if text[position] == UInt8(ascii: ")") {
                    guard k <= Int64(n), constructed.count >= n else { return nil }
                    position += 1
                    let subs = Array(constructed.suffix(n))
                    constructed.removeLast(n)
                    constructed.append(arena.add(.thresh, subs: subs, k: UInt32(k)))
                } else {
                    return nil
                }
            case .comma, .closeBracket:
                let expected = step.isComma ? UInt8(ascii: ",") : UInt8(ascii: ")")
                guard position < text.count, text[position] == expected else { return nil }
                position += 1
            }
        }
        guard constructed.count == 1, position == text.count else { return nil }
        return constructed[0]
    }

    /// The `EXPR` step: a leaf, or a combinator whose parts are queued.
    mutating func parseExpression(_ toParse: inout [Step], _ constructed: inout [Int], _ scriptSize: inout Int) -> Bool {
        let tapscript = context == .tapscript
        if literal("0") {
            constructed.append(arena.add(.just0))
        } else if literal("1") {
            constructed.append(arena.add(.just1))
        } else if literal("pk(", skip: false) {
            guard let key = keyArgument("pk") else { return false }
            constructed.append(arena.add(.wrapC, subs: [arena.add(.pkK, keys: [key])]))
            scriptSize += tapscript ? 33 : 34
        } else if literal("pkh(", skip: false) {
            guard let key = keyArgument("pkh") else { return false }
            constructed.append(arena.add(.wrapC, subs: [arena.add(.pkH, keys: [key])]))
            scriptSize += 24
        } else if literal("pk_k(", skip: false) {
            guard let key = keyArgument("pk_k") else { return false }
            constructed.append(arena.add(.pkK, keys: [key]))
            scriptSize += tapscript ? 32 : 33
        } else if literal("pk_h(", skip: false) {
            guard let key = keyArgument("pk_h") else { return false }
            constructed.append(arena.add(.pkH, keys: [key]))
            scriptSize += 23
        } else if let (name, fragment, size) = [("sha256", MiniscriptFragment.sha256, 32), ("ripemd160", .ripemd160, 20),
                                                 ("hash256", .hash256, 32), ("hash160", .hash160, 20)]
            .first(where: { literal($0.0 + "(", skip: false) }) {
            guard let hash = hashArgument(name, size: size) else { return false }
            constructed.append(arena.add(fragment, data: hash))
            scriptSize += size == 32 ? 38 : 26
        } else if literal("after(", skip: false) {
            guard let n = lockArgument("after") else { return false }
            constructed.append(arena.add(.after, k: n))
            scriptSize += MiniscriptParser.numberSize(Int64(n))
        } else if literal("older(", skip: false) {
            guard let n = lockArgument("older") else { return false }
            constructed.append(arena.add(.older, k: n))
            scriptSize += MiniscriptParser.numberSize(Int64(n))
        } else if literal("multi(") {
            return parseMulti(isMultiA: false, &constructed, &scriptSize)
        } else if literal("multi_a(") {
            return parseMulti(isMultiA: true, &constructed, &scriptSize)
        } else if literal("thresh(") {
            guard let comma = offsetOfNext(","), comma >= 1,
                  let k = MiniscriptParser.integer(text[position..<position + comma]), k >= 1 else { return false }
            position += comma + 1
            // n = 1: the first subexpression is read before the thresh step runs.
            toParse.append(.thresh(n: 1, k: k))
            toParse.append(.wrappedExpression)
            scriptSize += 1 + MiniscriptParser.numberSize(k)
        } else if literal("andor(") {
            toParse += [.andor, .closeBracket, .wrappedExpression, .comma, .wrappedExpression, .comma, .wrappedExpression]
            scriptSize += 5
        } else {
            let binary: [(String, Step, Int)] = [
                ("and_n(", .andN, 5), ("and_b(", .combine(.andB), 2), ("and_v(", .combine(.andV), 1),
                ("or_b(", .combine(.orB), 2), ("or_c(", .combine(.orC), 3), ("or_d(", .combine(.orD), 4),
                ("or_i(", .combine(.orI), 4),
            ]
            guard let (_, step, size) = binary.first(where: { literal($0.0) }) else { return false }
            toParse += [step, .closeBracket, .wrappedExpression, .comma, .wrappedExpression]
            scriptSize += size
        }
        return true
    }

    /// `multi(k,KEY,...)` or `multi_a(k,KEY,...)` after the opening bracket.
    mutating func parseMulti(isMultiA: Bool, _ constructed: inout [Int], _ scriptSize: inout Int) -> Bool {
        let maxKeys = isMultiA ? Miniscript.maxPubkeysPerMultiA : Miniscript.maxPubkeysPerMultisig
        guard context == (isMultiA ? .tapscript : .p2wsh) else { return false }
        guard let comma = offsetOfNext(","), comma >= 1,
              let k = MiniscriptParser.integer(text[position..<position + comma]) else { return false }
        position += comma + 1
        var keys: [[UInt8]] = []
        var more = true
        while more {
            // Keys up to the next ',' and, for the last, up to the ')'.
            let next = offsetOfNext(",")
            more = next != nil
            guard let length = next ?? offsetOfNext(")"), length >= 1,
                  let key = parseKey(text[position..<position + length]) else { return false }
            keys.append(key)
            position += length + 1
        }
        guard keys.count >= 1, keys.count <= maxKeys, k >= 1, k <= Int64(keys.count) else { return false }
        if isMultiA {
            scriptSize += (1 + 32 + 1) * keys.count + MiniscriptArena.pushedIntegerSize(k)
            constructed.append(arena.add(.multiA, keys: keys, k: UInt32(k)))
        } else {
            scriptSize += 2 + (keys.count > 16 ? 1 : 0) + (k > 16 ? 1 : 0) + 34 * keys.count
            constructed.append(arena.add(.multi, keys: keys, k: UInt32(k)))
        }
        return true
    }
}

extension MiniscriptParser.Step {
    var isComma: Bool {
        if case .comma = self { return true }
        return false
    }
}
