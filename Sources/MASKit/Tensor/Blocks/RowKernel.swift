/// The per-type inner loops over one matrix row: dequantisation and the dot product with f32 values.
///
/// `count` is a whole number of the type's blocks. `groupSums[g]` is the sum of `x[32g ..< 32g + 32]`;
/// kernels whose blocks carry an offset (a minimum, or the implicit -8/-16 of the legacy types) use it
/// so that the offset costs one multiply per 32 elements instead of one per element.
protocol RowKernel {
    static func dequantize(_ row: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Float>)
    static func dot(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, groupSums: UnsafePointer<Float>,
                    count: Int) -> Float
}
