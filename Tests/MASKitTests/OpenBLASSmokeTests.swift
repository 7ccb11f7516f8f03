import COpenBLAS
import Testing

@Suite struct OpenBLASSmokeTests {
    @Test func sgemmMatchesHandComputedProduct() {
        // A (2×3) · B (3×2), row-major.
        let a: [Float] = [1, 2, 3,
                          4, 5, 6]
        let b: [Float] = [7, 8,
                          9, 10,
                          11, 12]
        var c = [Float](repeating: -1, count: 4)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 3, 1, a, 3, b, 2, 0, &c, 2)
        // 1·7+2·9+3·11 = 58, 1·8+2·10+3·12 = 64, 4·7+5·9+6·11 = 139, 4·8+5·10+6·12 = 154
        #expect(c == [58, 64, 139, 154])
    }
}
