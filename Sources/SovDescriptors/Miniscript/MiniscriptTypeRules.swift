import SovPrimitives

extension MiniscriptType {
    /// Core's `CTxIn::SEQUENCE_LOCKTIME_TYPE_FLAG`: relative locks in units of 512 seconds.
    static let sequenceLocktimeTypeFlag = Transaction.sequenceLockTimeTypeFlag
    /// Core's `LOCKTIME_THRESHOLD`: absolute locks at or above this are times.
    static let locktimeThreshold = Transaction.lockTimeThreshold

    /// Core's `ComputeType`: the type of a fragment from the types of its subexpressions
    /// (`subs` in order; thresh uses all of them, other fragments up to three).
    static func compute(_ fragment: MiniscriptFragment, subs: [MiniscriptType], k: UInt32,
                        context: Miniscript.Context) -> MiniscriptType {
        let x = subs.count > 0 ? subs[0] : []
        let y = subs.count > 1 ? subs[1] : []
        let z = subs.count > 2 ? subs[2] : []
        // k=k_x*k_y*!(g_x*h_y + h_x*g_y + i_x*j_y + j_x*i_y)
        func noMix(_ a: MiniscriptType, _ b: MiniscriptType) -> Bool {
            !((a.has(.g) && b.has(.h)) || (a.has(.h) && b.has(.g)) || (a.has(.i) && b.has(.j)) || (a.has(.j) && b.has(.i)))
        }
        let timelocks: MiniscriptType = [.g, .h, .i, .j]
        let timelocksK: MiniscriptType = [.g, .h, .i, .j, .k]
        switch fragment {
        case .pkK: return [.K, .o, .n, .u, .d, .e, .m, .s, .x, .k]
        case .pkH: return [.K, .n, .u, .d, .e, .m, .s, .x, .k]
        case .older:
            return MiniscriptType.g.when(k & sequenceLocktimeTypeFlag != 0)
                | MiniscriptType.h.when(k & sequenceLocktimeTypeFlag == 0)
                | [.B, .z, .f, .m, .x, .k]
        case .after:
            return MiniscriptType.i.when(k >= locktimeThreshold)
                | MiniscriptType.j.when(k < locktimeThreshold)
                | [.B, .z, .f, .m, .x, .k]
        case .sha256, .ripemd160, .hash256, .hash160: return [.B, .o, .n, .u, .d, .m, .k]
        case .just1: return [.B, .z, .u, .f, .m, .x, .k]
        case .just0: return [.B, .z, .u, .d, .e, .m, .s, .x, .k]
        case .wrapA:
            return MiniscriptType.W.when(x.has(.B)) | (x & timelocksK) | (x & [.u, .d, .f, .e, .m, .s]) | .x
        case .wrapS:
            return MiniscriptType.W.when(x.has([.B, .o])) | (x & timelocksK) | (x & [.u, .d, .f, .e, .m, .s, .x])
        case .wrapC:
            return MiniscriptType.B.when(x.has(.K)) | (x & timelocksK) | (x & [.o, .n, .d, .f, .e, .m]) | [.u, .s]
        case .wrapD:
            // 'd:' is 'u' under Tapscript only: MINIMALIF is consensus there but policy in P2WSH.
            return MiniscriptType.B.when(x.has([.V, .z])) | MiniscriptType.o.when(x.has(.z))
                | MiniscriptType.e.when(x.has(.f)) | (x & timelocksK) | (x & [.m, .s])
                | MiniscriptType.u.when(context == .tapscript) | [.n, .d, .x]
        case .wrapV:
            return MiniscriptType.V.when(x.has(.B)) | (x & timelocksK) | (x & [.z, .o, .n, .m, .s]) | [.f, .x]
        case .wrapJ:
            return MiniscriptType.B.when(x.has([.B, .n])) | MiniscriptType.e.when(x.has(.f)) | (x & timelocksK)
                | (x & [.o, .u, .m, .s]) | [.n, .d, .x]
        case .wrapN:
            return (x & timelocksK) | (x & [.B, .z, .o, .n, .d, .f, .e, .m, .s]) | [.u, .x]
        case .andV:
            return (y & [.K, .V, .B]).when(x.has(.V))
                | (x & .n) | (y & .n).when(x.has(.z))
                | ((x | y) & .o).when((x | y).has(.z))
                | (x & y & [.d, .m, .z])
                | ((x | y) & .s)
                | MiniscriptType.f.when(y.has(.f) || x.has(.s))
                | (y & [.u, .x])
                | ((x | y) & timelocks)
                | MiniscriptType.k.when((x & y).has(.k) && noMix(x, y))
        case .andB:
            return (x & .B).when(y.has(.W))
                | ((x | y) & .o).when((x | y).has(.z))
                | (x & .n) | (y & .n).when(x.has(.z))
                | (x & y & .e).when((x & y).has(.s))
                | (x & y & [.d, .z, .m])
                | MiniscriptType.f.when((x & y).has(.f) || x.has([.s, .f]) || y.has([.s, .f]))
                | ((x | y) & .s)
                | [.u, .x]
                | ((x | y) & timelocks)
                | MiniscriptType.k.when((x & y).has(.k) && noMix(x, y))
        case .orB:
            return MiniscriptType.B.when(x.has([.B, .d]) && y.has([.W, .d]))
                | ((x | y) & .o).when((x | y).has(.z))
                | (x & y & .m).when((x | y).has(.s) && (x & y).has(.e))
                | (x & y & [.z, .s, .e])
                | [.d, .u, .x]
                | ((x | y) & timelocks)
                | (x & y & .k)
        case .orD:
            return (y & .B).when(x.has([.B, .d, .u]))
                | (x & .o).when(y.has(.z))
                | (x & y & .m).when(x.has(.e) && (x | y).has(.s))
                | (x & y & [.z, .s])
                | (y & [.u, .f, .d, .e])
                | .x
                | ((x | y) & timelocks)
                | (x & y & .k)
        case .orC:
            return (y & .V).when(x.has([.B, .d, .u]))
                | (x & .o).when(y.has(.z))
                | (x & y & .m).when(x.has(.e) && (x | y).has(.s))
                | (x & y & [.z, .s])
                | [.f, .x]
                | ((x | y) & timelocks)
                | (x & y & .k)
        case .orI:
            return (x & y & [.V, .B, .K, .u, .f, .s])
                | MiniscriptType.o.when((x & y).has(.z))
                | ((x | y) & .e).when((x | y).has(.f))
                | (x & y & .m).when((x | y).has(.s))
                | ((x | y) & .d)
                | .x
                | ((x | y) & timelocks)
                | (x & y & .k)
        case .andor:
            return (y & z & [.B, .K, .V]).when(x.has([.B, .d, .u]))
                | (x & y & z & .z)
                | ((x | (y & z)) & .o).when((x | (y & z)).has(.z))
                | (y & z & .u)
                | (z & .f).when(x.has(.s) || y.has(.f))
                | (z & .d)
                | (z & .e).when(x.has(.s) || y.has(.f))
                | (x & y & z & .m).when(x.has(.e) && (x | y | z).has(.s))
                | (z & (x | y) & .s)
                | .x
                | ((x | y | z) & timelocks)
                | MiniscriptType.k.when((x & y & z).has(.k) && noMix(x, y))
        case .multi: return [.B, .n, .u, .d, .e, .m, .s, .k]
        case .multiA: return [.B, .u, .d, .e, .m, .s, .k]
        case .thresh:
            var allE = true, allM = true
            var args = 0, numS = 0
            var accumulated: MiniscriptType = .k
            for (index, t) in subs.enumerated() {
                guard t.has(index == 0 ? [.B, .d, .u] : [.W, .d, .u]) else { return [] }
                if !t.has(.e) { allE = false }
                if !t.has(.m) { allM = false }
                if t.has(.s) { numS += 1 }
                args += t.has(.z) ? 0 : t.has(.o) ? 1 : 2
                // k is lost when k > 1 and two children hold different kinds of the same lock.
                accumulated = ((accumulated | t) & timelocks)
                    | MiniscriptType.k.when((accumulated & t).has(.k) && (k <= 1 || noMix(accumulated, t)))
            }
            let n = subs.count
            return [.B, .d, .u]
                | MiniscriptType.z.when(args == 0)
                | MiniscriptType.o.when(args == 1)
                | MiniscriptType.e.when(allE && numS == n)
                | MiniscriptType.m.when(allE && allM && numS >= n - Int(k))
                | MiniscriptType.s.when(numS >= n - Int(k) + 1)
                | accumulated
        }
    }
}
