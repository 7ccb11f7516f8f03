/// The per-type inner loop over one matrix row: dequantisation of `count` elements (a whole number of
/// the type's blocks) to f32. Quantised types multiply through the integer kernels (CKernels).
protocol RowKernel {
    static func dequantize(_ row: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Float>)
}

/// Float rows also multiply f32 activations directly.
protocol FloatRowKernel: RowKernel {
    static func dot(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, count: Int) -> Float
}
