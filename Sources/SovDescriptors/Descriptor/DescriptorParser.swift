import SovKeys
import SovPrimitives

/// Core's descriptor parser (`script/descriptor.cpp` `Parse`, `ParseScript`, `ParsePubkey`), reading UTF-8
/// bytes. Spans are slices of the whole text, so their indices are character offsets for errors.
/// Recursion is bounded by the grammar: `sh` only at top, `wsh` at top or in `sh`, trees iterate.
struct DescriptorParser {
    typealias Span = ArraySlice<UInt8>

    let network: Network

    /// Where an expression sits, which decides what it may contain (Core's `ParseScriptContext`).
    enum Context { case top, p2sh, p2wpkh, p2wsh, p2tr }

    /// Most alternatives a multipath specifier may list (bounds work on hostile input).
    static let maxMultipath = 256
    /// Core's `MAX_PUBKEYS_PER_MULTISIG` and `MAX_PUBKEYS_PER_MULTI_A`.
    static let maxMultisigKeys = 20
    static let maxMultiAKeys = 999
    /// Core's `TAPROOT_CONTROL_MAX_NODE_COUNT`.
    static let maxTreeDepth = 128
    /// Core's `MAX_SCRIPT_ELEMENT_SIZE`: the largest P2SH redeem script.
    static let maxRedeemScriptSize = 520

    // MARK: - Top level

    func parse(_ input: String, requireChecksum: Bool) throws(DecodingError) -> [DescriptorNode] {
        let chars = Array(input.utf8)
        let hashes = chars.indices.filter { chars[$0] == UInt8(ascii: "#") }
        guard hashes.count <= 1 else { throw DecodingError(offset: hashes[1], "Multiple '#' symbols") }
        var body = chars[...]
        if let hash = hashes.first {
            body = chars[..<hash]
            let given = chars[(hash + 1)...]
            guard given.count == 8 else { throw DecodingError(offset: hash + 1, "Expected 8 character checksum, not \(given.count) characters") }
        } else if requireChecksum {
            throw DecodingError("Missing checksum")
        }
        guard let computed = DescriptorChecksum.checksum(String(decoding: body, as: UTF8.self)) else {
            throw DecodingError("Invalid characters in payload")
        }
        if let hash = hashes.first {
            let given = String(decoding: chars[(hash + 1)...], as: UTF8.self)
            guard given == computed else {
                throw DecodingError(offset: hash + 1, "Provided checksum '\(given)' does not match computed checksum '\(computed)'")
            }
        }
        var span = body
        let result = try parseScript(&span, .top)
        guard span.isEmpty else { throw DecodingError(offset: span.startIndex, "unexpected '\(text(span))' after the descriptor") }
        return result
    }

    // MARK: - Script expressions

    /// Parses the expression at the front of `sp` (Core's `ParseScript`); one node per multipath alternative.
    func parseScript(_ sp: inout Span, _ ctx: Context) throws(DecodingError) -> [DescriptorNode] {
        var expr = DescriptorParser.expression(&sp)
        let start = expr.startIndex
        if DescriptorParser.function("pk", &expr) {
            return try parsePubkey(expr, ctx, "pk()").map { .pk($0, xOnly: ctx == .p2tr) }
        }
        if DescriptorParser.function("pkh", &expr) {
            guard ctx == .top || ctx == .p2sh || ctx == .p2wsh else { throw unsupportedMiniscript("pkh(\(text(expr)))", ctx, at: start) }
            return try parsePubkey(expr, ctx, "pkh()").map { .pkh($0) }
        }
        if DescriptorParser.function("combo", &expr) {
            guard ctx == .top else { throw DecodingError(offset: start, "Can only have combo() at top level") }
            return try parsePubkey(expr, ctx, "combo()").map { .combo($0) }
        }
        for (name, isA, sorted) in [("multi", false, false), ("sortedmulti", false, true), ("multi_a", true, false), ("sortedmulti_a", true, true)] {
            guard DescriptorParser.function(name, &expr) else { continue }
            if isA {
                guard ctx == .p2tr else { throw DecodingError(offset: start, "Can only have multi_a/sortedmulti_a inside tr()") }
            } else {
                guard ctx == .top || ctx == .p2sh || ctx == .p2wsh else {
                    throw DecodingError(offset: start, "Can only have multi/sortedmulti at top level, in sh(), or in wsh()")
                }
            }
            return try parseMulti(&expr, ctx, isA: isA, sorted: sorted)
        }
        if DescriptorParser.function("wpkh", &expr) {
            guard ctx == .top || ctx == .p2sh else { throw DecodingError(offset: start, "Can only have wpkh() at top level or inside sh()") }
            return try parsePubkey(expr, .p2wpkh, "wpkh()").map { .wpkh($0) }
        }
        if DescriptorParser.function("sh", &expr) {
            guard ctx == .top else { throw DecodingError(offset: start, "Can only have sh() at top level") }
            let inner = try parseScript(&expr, .p2sh)
            guard expr.isEmpty else { throw DecodingError(offset: expr.startIndex, "unexpected '\(text(expr))' in sh()") }
            return inner.map { .sh($0) }
        }
        if DescriptorParser.function("wsh", &expr) {
            guard ctx == .top || ctx == .p2sh else { throw DecodingError(offset: start, "Can only have wsh() at top level or inside sh()") }
            let inner = try parseScript(&expr, .p2wsh)
            guard expr.isEmpty else { throw DecodingError(offset: expr.startIndex, "unexpected '\(text(expr))' in wsh()") }
            return inner.map { .wsh($0) }
        }
        if DescriptorParser.function("addr", &expr) {
            guard ctx == .top else { throw DecodingError(offset: start, "Can only have addr() at top level") }
            guard let address = try? Address(text(expr), network: network) else { throw DecodingError(offset: expr.startIndex, "Address is not valid") }
            return [.addr(address)]
        }
        if DescriptorParser.function("tr", &expr) {
            guard ctx == .top else { throw DecodingError(offset: start, "Can only have tr at top level") }
            return try parseTaproot(&expr)
        }
        if DescriptorParser.function("rawtr", &expr) {
            guard ctx == .top else { throw DecodingError(offset: start, "Can only have rawtr at top level") }
            let arg = DescriptorParser.expression(&expr)
            guard expr.isEmpty else { throw DecodingError(offset: expr.startIndex, "rawtr(): only one key expected.") }
            return try parsePubkey(arg, .p2tr, "rawtr()").map { .rawtr($0) }
        }
        if DescriptorParser.function("raw", &expr) {
            guard ctx == .top else { throw DecodingError(offset: start, "Can only have raw() at top level") }
            guard Hex.isHex(text(expr)), let bytes = [UInt8](hex: text(expr)) else {
                throw DecodingError(offset: expr.startIndex, "Raw script is not hex")
            }
            return [.raw(Script(bytes))]
        }
        switch ctx {
        case .p2wsh, .p2tr: return try parseMiniscript(expr, ctx)
        case .p2sh: throw DecodingError(offset: start, "A function is needed within P2SH")
        case .top, .p2wpkh: throw DecodingError(offset: start, "'\(text(expr))' is not a valid descriptor function")
        }
    }

    /// A miniscript expression inside `wsh()` or a `tr()` leaf (Core's miniscript branch of `ParseScript`): keys
    /// as descriptor keys (origins, xpubs, ranges, multipath), the whole checked valid at top level and sane
    /// with the keys of index 0. One node per multipath alternative.
    func parseMiniscript(_ expr: Span, _ ctx: Context) throws(DecodingError) -> [DescriptorNode] {
        let source = text(expr)
        guard !source.isEmpty else { throw unsupportedMiniscript(source, ctx, at: expr.startIndex) }
        var ranges: [Range<Int>] = []
        var keyLists: [[DescriptorKey]] = []
        var keyError: DecodingError?
        let context: Miniscript.Context = ctx == .p2tr ? .tapscript : .p2wsh
        let parsed = Miniscript.parse(source, context: context) { _, range in
            guard keyError == nil else { return nil }
            let (lower, upper) = (range.lowerBound, range.upperBound)
            do throws(DecodingError) {
                let keys = try parsePubkey(expr[(expr.startIndex + lower)..<(expr.startIndex + upper)], ctx)
                let bytes = try keys[0].publicKey(at: 0).bytes
                ranges.append(lower..<upper)
                keyLists.append(keys)
                return bytes
            } catch {
                keyError = error
                return nil
            }
        }
        if let keyError { throw keyError }
        guard let parsed else { throw unsupportedMiniscript(source, ctx, at: expr.startIndex) }
        if let refusal = MiniscriptExpression.refusal(parsed) {
            throw DecodingError(offset: expr.startIndex, "'\(source)' \(refusal)")
        }
        let alternatives = keyLists.map(\.count).max() ?? 1
        guard keyLists.allSatisfy({ $0.count == 1 || $0.count == alternatives }) else {
            throw DecodingError(offset: expr.startIndex, "multipath key expressions of different lengths in '\(source)'")
        }
        return (0..<alternatives).map { path in
            .miniscript(MiniscriptExpression(context: context, text: source, keyRanges: ranges,
                                             keys: keyLists.map { $0.count == 1 ? $0[0] : $0[path] }))
        }
    }

    /// The error for an expression that is not a descriptor function and not a miniscript expression.
    func unsupportedMiniscript(_ expression: String, _ ctx: Context, at offset: Int) -> DecodingError {
        if expression.isEmpty { return DecodingError(offset: offset, "missing script expression in \(ctx == .p2tr ? "tr()" : "wsh()")") }
        return DecodingError(offset: offset, "'\(expression)' is not a valid script expression inside \(ctx == .p2tr ? "tr()" : "wsh()"): "
            + "not a descriptor function and not a well-formed miniscript expression")
    }

    /// `multi`/`sortedmulti`/`multi_a`/`sortedmulti_a` arguments: `k,KEY,KEY,…`.
    func parseMulti(_ expr: inout Span, _ ctx: Context, isA: Bool, sorted: Bool) throws(DecodingError) -> [DescriptorNode] {
        let thresholdSpan = DescriptorParser.expression(&expr)
        let thresholdText = text(thresholdSpan)
        guard !thresholdText.isEmpty, thresholdText.utf8.count <= 10, thresholdText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let threshold = UInt32(thresholdText) else {
            throw DecodingError(offset: thresholdSpan.startIndex, "Multi threshold '\(thresholdText)' is not valid")
        }
        var providers: [[DescriptorKey]] = []
        var scriptSize = 0
        while !expr.isEmpty {
            guard DescriptorParser.constant(",", &expr) else {
                throw DecodingError(offset: expr.startIndex, "Multi: expected ',', got '\(Character(Unicode.Scalar(expr.first ?? 0)))'")
            }
            let arg = DescriptorParser.expression(&expr)
            let keys = try parsePubkey(arg, ctx, "Multi")
            scriptSize += keys[0].keySize + 1
            providers.append(keys)
            guard providers.count <= DescriptorParser.maxMultiAKeys else { break }
        }
        let limit = isA ? DescriptorParser.maxMultiAKeys : DescriptorParser.maxMultisigKeys
        if providers.isEmpty || providers.count > limit {
            throw DecodingError(isA ? "Cannot have \(providers.count) keys in multi_a; must have between 1 and \(limit) keys, inclusive"
                                    : "Cannot have \(providers.count) keys in multisig; must have between 1 and \(limit) keys, inclusive")
        }
        guard threshold >= 1 else { throw DecodingError(offset: thresholdSpan.startIndex, "Multisig threshold cannot be 0, must be at least 1") }
        guard Int(threshold) <= providers.count else {
            throw DecodingError(offset: thresholdSpan.startIndex,
                                "Multisig threshold cannot be larger than the number of keys; threshold is \(threshold) but only \(providers.count) keys specified")
        }
        if ctx == .top && providers.count > 3 {
            throw DecodingError("Cannot have \(providers.count) pubkeys in bare multisig; only at most 3 pubkeys")
        }
        if ctx == .p2sh && scriptSize + 3 > DescriptorParser.maxRedeemScriptSize {
            throw DecodingError("P2SH script is too large, \(scriptSize + 3) bytes is larger than \(DescriptorParser.maxRedeemScriptSize) bytes")
        }
        let alternatives = try DescriptorParser.broadcast(providers, "multi(): Multipath derivation paths have mismatched lengths")
        return alternatives.map { keys in
            isA ? .multiA(threshold: Int(threshold), keys: keys, sorted: sorted) : .multi(threshold: Int(threshold), keys: keys, sorted: sorted)
        }
    }

    /// `tr(KEY)` or `tr(KEY,TREE)` arguments, the tree in `{A,B}` form (Core's brace-walking loop).
    func parseTaproot(_ expr: inout Span) throws(DecodingError) -> [DescriptorNode] {
        let keyArg = DescriptorParser.expression(&expr)
        let internalKeys = try parsePubkey(keyArg, .p2tr, "tr()")
        guard !expr.isEmpty else { return internalKeys.map { .tr($0, nil) } }
        guard DescriptorParser.constant(",", &expr) else {
            throw DecodingError(offset: expr.startIndex, "tr: expected ',', got '\(Character(Unicode.Scalar(expr.first ?? 0)))'")
        }
        // Leaves with their depths, in order; `branches` is the path to the current position
        // (false: in a left branch, true: in a right one).
        var leaves: [[DescriptorNode]] = []
        var depths: [Int] = []
        var branches: [Bool] = []
        repeat {
            while DescriptorParser.constant("{", &expr) {
                branches.append(false)
                guard branches.count <= DescriptorParser.maxTreeDepth else {
                    throw DecodingError(offset: expr.startIndex, "tr() supports at most \(DescriptorParser.maxTreeDepth) nesting levels")
                }
            }
            var leafSpan = DescriptorParser.expression(&expr)
            let leafStart = leafSpan.startIndex
            leaves.append(try parseScript(&leafSpan, .p2tr))
            guard leafSpan.isEmpty else { throw DecodingError(offset: leafStart, "tr(): invalid script expression '\(text(leafSpan))'") }
            depths.append(branches.count)
            while let last = branches.last, last {
                guard DescriptorParser.constant("}", &expr) else { throw DecodingError(offset: expr.startIndex, "tr(): expected '}' after script expression") }
                branches.removeLast()
            }
            if let last = branches.last, !last {
                guard DescriptorParser.constant(",", &expr) else { throw DecodingError(offset: expr.startIndex, "tr(): expected ',' after script expression") }
                branches[branches.count - 1] = true
            }
        } while !branches.isEmpty
        guard expr.isEmpty else { throw DecodingError(offset: expr.startIndex, "tr(): expected ')' after script expression") }

        let count = max(internalKeys.count, leaves.map(\.count).max() ?? 1)
        guard leaves.allSatisfy({ $0.count == 1 || $0.count == count }) else { throw DecodingError("tr(): Multipath subscripts have mismatched lengths") }
        guard internalKeys.count == 1 || internalKeys.count == count else {
            throw DecodingError("tr(): Multipath internal key mismatches multipath subscripts lengths")
        }
        return (0..<count).map { i in
            let leafNodes = leaves.map { $0.count == 1 ? $0[0] : $0[i] }
            var position = 0
            let tree = DescriptorParser.buildTree(leafNodes, depths, &position, depth: 0)
            return .tr(internalKeys.count == 1 ? internalKeys[0] : internalKeys[i], tree)
        }
    }

    /// Rebuilds the tree from leaves in order and their depths (the depths come from a well-formed
    /// brace walk, so every branch has two children).
    static func buildTree(_ leaves: [DescriptorNode], _ depths: [Int], _ position: inout Int, depth: Int) -> DescriptorTree {
        // Defensive: malformed depths (impossible from the walk above) end in a leaf rather than recursing on.
        if position >= depths.count || depth >= maxTreeDepth { return .leaf(leaves[min(position, leaves.count - 1)]) }
        if depths[position] == depth {
            defer { position += 1 }
            return .leaf(leaves[position])
        }
        let left = buildTree(leaves, depths, &position, depth: depth + 1)
        let right = buildTree(leaves, depths, &position, depth: depth + 1)
        return .branch(left, right)
    }

    /// Makes each list as long as the longest by repeating single entries, then takes the i-th of every
    /// list for each i (how Core lines up multipath alternatives).
    static func broadcast<T>(_ lists: [[T]], _ mismatch: String) throws(DecodingError) -> [[T]] {
        let count = lists.map(\.count).max() ?? 1
        guard lists.allSatisfy({ $0.count == 1 || $0.count == count }) else { throw DecodingError(mismatch) }
        return (0..<count).map { i in lists.map { $0.count == 1 ? $0[0] : $0[i] } }
    }

    // MARK: - Key expressions

    /// A key expression with optional origin (Core's `ParsePubkey`); errors are prefixed with `what`.
    func parsePubkey(_ sp: Span, _ ctx: Context, _ what: String) throws(DecodingError) -> [DescriptorKey] {
        do {
            return try parsePubkey(sp, ctx)
        } catch {
            throw DecodingError(offset: error.offset ?? sp.startIndex, "\(what): \(error.reason)")
        }
    }

    func parsePubkey(_ sp: Span, _ ctx: Context) throws(DecodingError) -> [DescriptorKey] {
        let closings = sp.indices.filter { sp[$0] == UInt8(ascii: "]") }
        guard closings.count <= 1 else { throw DecodingError(offset: closings[1], "Multiple ']' characters found for a single pubkey") }
        var apostrophe = false
        guard let close = closings.first else { return try parsePubkeyInner(sp, ctx, &apostrophe) }
        let originSpan = sp[..<close]
        guard originSpan.first == UInt8(ascii: "[") else {
            let got = originSpan.first.map { Character(Unicode.Scalar($0)) } ?? "]"
            throw DecodingError(offset: sp.startIndex, "Key origin start '[ character expected but not found, got '\(got)' instead")
        }
        let parts = DescriptorParser.split(originSpan.dropFirst(), UInt8(ascii: "/"))
        guard parts[0].count == 8 else {
            throw DecodingError(offset: parts[0].startIndex, "Fingerprint is not 4 bytes (\(parts[0].count) characters instead of 8 characters)")
        }
        guard let fingerprint = [UInt8](hex: text(parts[0])) else { throw DecodingError(offset: parts[0].startIndex, "Fingerprint '\(text(parts[0]))' is not hex") }
        let paths = try parseKeyPath(parts.dropFirst(), &apostrophe, allowMultipath: false)
        let keys = try parsePubkeyInner(sp[(close + 1)...], ctx, &apostrophe)
        let origin = KeyOrigin(fingerprint: fingerprint, path: paths[0])
        return keys.map { key in
            var key = key
            key.origin = origin
            key.usesApostrophe = apostrophe
            return key
        }
    }

    /// A key without origin (Core's `ParsePubkeyInner`): hex, WIF, or extended key with path.
    func parsePubkeyInner(_ sp: Span, _ ctx: Context, _ apostrophe: inout Bool) throws(DecodingError) -> [DescriptorKey] {
        let permitUncompressed = ctx == .top || ctx == .p2sh
        var parts = DescriptorParser.split(sp, UInt8(ascii: "/"))
        let keyText = text(parts[0])
        guard !keyText.isEmpty else { throw DecodingError(offset: sp.startIndex, "No key provided") }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0d) }
        if let first = parts[0].first, let last = parts[0].last, isSpace(first) || isSpace(last) {
            throw DecodingError(offset: sp.startIndex, "Key '\(keyText)' is invalid due to whitespace")
        }
        if parts.count == 1 {
            if Hex.isHex(keyText), let data = [UInt8](hex: keyText) {
                if ScriptTemplate.isValidPubKeySize(data), data[0] == 6 || data[0] == 7 {
                    throw DecodingError(offset: sp.startIndex, "Hybrid public keys are not allowed")
                }
                if let key = try? PublicKey(data) {
                    guard permitUncompressed || key.isCompressed else { throw DecodingError(offset: sp.startIndex, "Uncompressed keys are not allowed") }
                    return [DescriptorKey(source: .single(key, secret: nil))]
                }
                if data.count == 32, ctx == .p2tr, let xOnly = try? XOnlyPublicKey(data) {
                    return [DescriptorKey(source: .single(xOnly.evenPublicKey, secret: nil), isXOnly: true)]
                }
                throw DecodingError(offset: sp.startIndex, "Pubkey '\(keyText)' is invalid")
            }
            if let secret = try? PrivateKey(wif: keyText, network: network) {
                guard permitUncompressed || secret.isCompressed else { throw DecodingError(offset: sp.startIndex, "Uncompressed keys are not allowed") }
                return [DescriptorKey(source: .single(secret.publicKey, secret: secret), isXOnly: ctx == .p2tr)]
            }
        }
        guard let extended = try? ExtendedKey(keyText, network: network) else {
            throw DecodingError(offset: sp.startIndex, "key '\(keyText)' is not valid")
        }
        var wildcard: DerivationPath.Wildcard?
        if let last = parts.last, parts.count > 1 {
            switch text(last) {
            case "*": wildcard = .unhardened
            case "*'", "*h":
                wildcard = .hardened
                apostrophe = text(last) == "*'"
            default: break
            }
            if wildcard != nil { parts.removeLast() }
        }
        let paths = try parseKeyPath(parts.dropFirst(), &apostrophe, allowMultipath: true)
        let style = apostrophe
        return paths.map { DescriptorKey(source: .extended(extended, path: $0, wildcard: wildcard), usesApostrophe: style) }
    }

    /// Path elements after the key (Core's `ParseKeyPath`); several paths when one element is `<a;b;…>`.
    func parseKeyPath(_ elements: ArraySlice<Span>, _ apostrophe: inout Bool, allowMultipath: Bool) throws(DecodingError) -> [DerivationPath] {
        guard elements.count <= DerivationPath.maxLength else {
            throw DecodingError(offset: elements.first?.startIndex, "key path has more than \(DerivationPath.maxLength) steps")
        }
        var path: [UInt32] = []
        var multipath: (position: Int, values: [UInt32])?
        for element in elements {
            if element.first == UInt8(ascii: "<") && element.last == UInt8(ascii: ">") && element.count >= 2 {
                guard allowMultipath else {
                    throw DecodingError(offset: element.startIndex, "Key path value '\(text(element))' specifies multipath in a section where multipath is not allowed")
                }
                guard multipath == nil else { throw DecodingError(offset: element.startIndex, "Multiple multipath key path specifiers found") }
                let items = DescriptorParser.split(element.dropFirst().dropLast(), UInt8(ascii: ";"))
                guard items.count >= 2 else { throw DecodingError(offset: element.startIndex, "Multipath key path specifiers must have at least two items") }
                guard items.count <= DescriptorParser.maxMultipath else {
                    throw DecodingError(offset: element.startIndex, "Multipath key path specifier has more than \(DescriptorParser.maxMultipath) items")
                }
                var values: [UInt32] = []
                for item in items {
                    let value = try parseKeyPathElement(item, &apostrophe)
                    guard !values.contains(value) else {
                        throw DecodingError(offset: item.startIndex, "Duplicated key path value \(value) in multipath specifier")
                    }
                    values.append(value)
                }
                multipath = (path.count, values)
                path.append(0)
            } else {
                path.append(try parseKeyPathElement(element, &apostrophe))
            }
        }
        guard let multipath else { return [DerivationPath(path)] }
        return multipath.values.map { value in
            var branch = path
            branch[multipath.position] = value
            return DerivationPath(branch)
        }
    }

    func parseKeyPathElement(_ element: Span, _ apostrophe: inout Bool) throws(DecodingError) -> UInt32 {
        do {
            let (child, hardened) = try DerivationPath.parseElement(text(element))
            if hardened { apostrophe = element.last == UInt8(ascii: "'") }
            return child
        } catch {
            throw DecodingError(offset: element.startIndex, error.reason)
        }
    }

    // MARK: - Core's span helpers (`script/parsing.cpp`)

    func text(_ span: Span) -> String { String(decoding: span, as: UTF8.self) }

    /// Core's `Expr`: the front of `sp` up to a `,`, `)` or `}` at nesting level 0 (taken out of `sp`).
    static func expression(_ sp: inout Span) -> Span {
        let i = expressionEnd(sp, from: sp.startIndex)
        let result = sp[sp.startIndex..<i]
        sp = sp[i...]
        return result
    }

    /// Where Core's `Expr` ends in `text` from `start`: the first `,`, `)` or `}` outside brackets (or the end).
    /// Shared by the descriptor and miniscript parsers.
    static func expressionEnd<C: Collection>(_ text: C, from start: C.Index) -> C.Index where C.Element == UInt8 {
        var level = 0
        var i = start
        while i < text.endIndex {
            let c = text[i]
            if c == UInt8(ascii: "(") || c == UInt8(ascii: "{") {
                level += 1
            } else if level > 0 && (c == UInt8(ascii: ")") || c == UInt8(ascii: "}")) {
                level -= 1
            } else if level == 0 && (c == UInt8(ascii: ")") || c == UInt8(ascii: "}") || c == UInt8(ascii: ",")) {
                break
            }
            i = text.index(after: i)
        }
        return i
    }

    /// Core's `Func`: when `sp` is `name(…)`, narrows it to the inside.
    static func function(_ name: String, _ sp: inout Span) -> Bool {
        let n = Array(name.utf8)
        guard sp.count >= n.count + 2, sp[sp.startIndex + n.count] == UInt8(ascii: "("), sp.last == UInt8(ascii: ")"),
              sp.prefix(n.count).elementsEqual(n) else { return false }
        sp = sp[(sp.startIndex + n.count + 1)..<(sp.endIndex - 1)]
        return true
    }

    /// Core's `Const`: when `sp` starts with `string`, drops it.
    static func constant(_ string: String, _ sp: inout Span) -> Bool {
        let s = Array(string.utf8)
        guard sp.starts(with: s) else { return false }
        sp = sp.dropFirst(s.count)
        return true
    }

    /// Core's `Split`: the pieces between separators (always at least one, possibly empty).
    static func split(_ sp: Span, _ separator: UInt8) -> [Span] {
        var parts: [Span] = []
        var start = sp.startIndex
        for i in sp.indices where sp[i] == separator {
            parts.append(sp[start..<i])
            start = i + 1
        }
        parts.append(sp[start..<sp.endIndex])
        return parts
    }
}
