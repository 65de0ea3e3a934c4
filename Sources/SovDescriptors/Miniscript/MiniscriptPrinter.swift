import SovPrimitives

extension Miniscript {
    /// The expression as Core's `ToString` prints it, keys in hex: `and_v(v:pk(02…),older(144))`.
    public var description: String { string(keyDescription: { $0.hex }) }

    /// The expression as Core's `ToString` prints it, each key written by `keyDescription`.
    ///
    /// Sugar is applied as in Core: `pk(K)` for `c:pk_k(K)`, `pkh(K)` for `c:pk_h(K)`, `t:X` for `and_v(X,1)`,
    /// `l:X`/`u:X` for `or_i(0,X)`/`or_i(X,0)`, `and_n(X,Y)` for `andor(X,Y,0)`, and a `:` between the wrapper
    /// letters and the expression they wrap.
    public func string(keyDescription: ([UInt8]) -> String) -> String {
        withoutActuallyEscaping(keyDescription) { MiniscriptPrinter(arena: arena, keyDescription: $0).print(root) }
    }
}

/// Core's `ToString` without recursion: each node expands into text pieces and child slots, written in order.
struct MiniscriptPrinter {
    let arena: MiniscriptArena
    let keyDescription: ([UInt8]) -> String

    enum Piece {
        case text(String)
        /// A child, and whether its parent is a wrapper (then a non-wrapper child starts with ':').
        case node(Int, wrapped: Bool)
    }

    func print(_ root: Int) -> String {
        var out = ""
        var work: [Piece] = [.node(root, wrapped: false)]
        while let piece = work.popLast() {
            switch piece {
            case .text(let text): out += text
            case .node(let index, let wrapped): work.append(contentsOf: expand(index, wrapped: wrapped).reversed())
            }
        }
        return out
    }

    /// Whether the children of this node are printed after wrapper letters (Core's `downfn`).
    func wrapsChildren(_ node: MiniscriptNode) -> Bool {
        switch node.fragment {
        case .wrapA, .wrapS, .wrapD, .wrapV, .wrapJ, .wrapN, .wrapC: return true
        case .andV: return arena[node.subs[1]].fragment == .just1
        case .orI: return arena[node.subs[0]].fragment == .just0 || arena[node.subs[1]].fragment == .just0
        default: return false
        }
    }

    func expand(_ index: Int, wrapped: Bool) -> [Piece] {
        let node = arena[index]
        let childWrapped = wrapsChildren(node)
        func child(_ i: Int) -> Piece { .node(node.subs[i], wrapped: childWrapped) }
        let prefix = wrapped ? ":" : ""
        // Wrappers and sugar written as wrappers.
        switch node.fragment {
        case .wrapA: return [.text("a"), child(0)]
        case .wrapS: return [.text("s"), child(0)]
        case .wrapC:
            let sub = arena[node.subs[0]]
            if sub.fragment == .pkK { return [.text(prefix + "pk(" + keyDescription(sub.keys[0]) + ")")] }
            if sub.fragment == .pkH { return [.text(prefix + "pkh(" + keyDescription(sub.keys[0]) + ")")] }
            return [.text("c"), child(0)]
        case .wrapD: return [.text("d"), child(0)]
        case .wrapV: return [.text("v"), child(0)]
        case .wrapJ: return [.text("j"), child(0)]
        case .wrapN: return [.text("n"), child(0)]
        case .andV where arena[node.subs[1]].fragment == .just1: return [.text("t"), child(0)]
        case .orI where arena[node.subs[0]].fragment == .just0: return [.text("l"), child(1)]
        case .orI where arena[node.subs[1]].fragment == .just0: return [.text("u"), child(0)]
        default: break
        }
        func call(_ name: String, _ arguments: [Piece]) -> [Piece] {
            var pieces: [Piece] = [.text(prefix + name + "(")]
            for (i, argument) in arguments.enumerated() {
                if i > 0 { pieces.append(.text(",")) }
                pieces.append(argument)
            }
            pieces.append(.text(")"))
            return pieces
        }
        let children = node.subs.indices.map(child)
        switch node.fragment {
        case .pkK: return [.text(prefix + "pk_k(" + keyDescription(node.keys[0]) + ")")]
        case .pkH: return [.text(prefix + "pk_h(" + keyDescription(node.keys[0]) + ")")]
        case .after: return [.text(prefix + "after(\(node.k))")]
        case .older: return [.text(prefix + "older(\(node.k))")]
        case .hash256: return [.text(prefix + "hash256(" + node.data.hex + ")")]
        case .hash160: return [.text(prefix + "hash160(" + node.data.hex + ")")]
        case .sha256: return [.text(prefix + "sha256(" + node.data.hex + ")")]
        case .ripemd160: return [.text(prefix + "ripemd160(" + node.data.hex + ")")]
        case .just1: return [.text(prefix + "1")]
        case .just0: return [.text(prefix + "0")]
        case .andV: return call("and_v", children)
        case .andB: return call("and_b", children)
        case .orB: return call("or_b", children)
        case .orD: return call("or_d", children)
        case .orC: return call("or_c", children)
        case .orI: return call("or_i", children)
        case .andor:
            if arena[node.subs[2]].fragment == .just0 { return call("and_n", Array(children.prefix(2))) }
            return call("andor", children)
        case .multi, .multiA:
            let name = node.fragment == .multi ? "multi" : "multi_a"
            return [.text(prefix + name + "(\(node.k)" + node.keys.map { "," + keyDescription($0) }.joined() + ")")]
        case .thresh: return call("thresh", [.text("\(node.k)")] + children)
        case .wrapA, .wrapS, .wrapC, .wrapD, .wrapV, .wrapJ, .wrapN: return []
        }
    }
}
