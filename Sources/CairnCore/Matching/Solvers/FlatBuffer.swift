/// A fixed-size, uniquely owned array of plain values for the solvers' inner loops.
///
/// Why not `[Element]`: each write to an array held in a struct checks that its storage is not
/// shared; in loops that run a hundred million times that check and the bounds checks showed up in
/// the profile. Bounds are still checked in debug builds.
struct FlatBuffer<Element: BitwiseCopyable>: ~Copyable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: max(count, 1))
        self.count = count
    }

    deinit { base.deallocate() }

    @inline(__always)
    subscript(index: Int) -> Element {
        get {
            assert(index >= 0 && index < count, "FlatBuffer index \(index) out of 0..<\(count)")
            return base[index]
        }
        nonmutating set {
            assert(index >= 0 && index < count, "FlatBuffer index \(index) out of 0..<\(count)")
            base[index] = newValue
        }
    }

    @inline(__always)
    subscript(index: Int32) -> Element {
        get { self[Int(index)] }
        nonmutating set { self[Int(index)] = newValue }
    }
}
