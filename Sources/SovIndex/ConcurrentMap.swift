import Dispatch

/// `body(0)`, …, `body(count - 1)` run on every core, their results in order. When some fail, the error of the
/// first of them (by index) is thrown.
func concurrentMap<T, E: Error>(count: Int, _ body: @Sendable (Int) throws(E) -> T) throws(E) -> [T] {
    guard count > 0 else { return [] }
    let results = UnsafeMutableBufferPointer<Result<T, E>?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
        _ = results.deinitialize()
        results.deallocate()
    }
    // Each iteration writes its own slot only.
    nonisolated(unsafe) let slots = results.baseAddress!
    DispatchQueue.concurrentPerform(iterations: count) { i in
        slots[i] = Result { () throws(E) -> T in try body(i) }
    }
    var mapped: [T] = []
    mapped.reserveCapacity(count)
    for result in results { mapped.append(try result!.get()) }
    return mapped
}
