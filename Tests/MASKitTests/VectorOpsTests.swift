import Foundation
import MASKit
import Testing

/// Vector operations against numpy (fixture made by scripts/reference/vector_ops_fixtures.py, float64
/// computation rounded to float32). The f32 implementations may differ by accumulated rounding; the
/// tolerances below are a few units in the last place of the values involved.
@Suite struct VectorOpsTests {
    static func section(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: TestSupport.fixture("vecops/vector_ops.json"))
        let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(cases[name] as? [String: Any], "missing \(name) in vecops/vector_ops.json")
    }

    static func bytes(_ hex: Any?) throws -> [UInt8] {
        let text = try #require(hex as? String)
        var out: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            out.append(try #require(UInt8(text[index..<next], radix: 16)))
            index = next
        }
        return out
    }

    static func floats(_ hex: Any?) throws -> [Float] {
        try bytes(hex).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    static func halves(_ hex: Any?) throws -> [UInt16] {
        try bytes(hex).withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) }
    }

    /// |a − e| ≤ relative·|e| + absolute, element-wise; infinities and NaNs must match exactly.
    static func expectClose(_ actual: [Float], _ expected: [Float], relative: Float, absolute: Float,
                            _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, "\(what): count", sourceLocation: sourceLocation)
        let bad = zip(actual, expected).enumerated().filter { _, pair in
            let (a, e) = pair
            if !e.isFinite { return !(a == e || (a.isNaN && e.isNaN)) }
            return !(abs(a - e) <= relative * abs(e) + absolute)
        }
        #expect(bad.isEmpty, "\(what): \(bad.count) outside tolerance, first \(bad.first.map { "\($0.offset): \($0.element)" } ?? "")",
                sourceLocation: sourceLocation)
    }

    @Test func rmsNorm() throws {
        let c = try Self.section("rms_norm")
        let x = try Self.floats(c["x"]), w = try Self.floats(c["w"])
        let eps = Float(try #require(c["epsilon"] as? Double))
        var out = [Float](repeating: 0, count: x.count)
        Normalization.rmsNorm(x, weight: w, epsilon: eps, into: &out, count: x.count)
        Self.expectClose(out, try Self.floats(c["out"]), relative: 2e-6, absolute: 1e-7, "rmsNorm")
        Normalization.rmsNorm(x, weight: w, weightOffset: 1, epsilon: eps, into: &out, count: x.count)
        Self.expectClose(out, try Self.floats(c["out_offset"]), relative: 2e-6, absolute: 1e-7, "rmsNorm (1+w)")
        Normalization.rmsNorm(x, weight: nil, epsilon: eps, into: &out, count: x.count)
        Self.expectClose(out, try Self.floats(c["out_unweighted"]), relative: 2e-6, absolute: 1e-7, "rmsNorm no weight")
        var inPlace = x
        inPlace.withUnsafeMutableBufferPointer { p in
            Normalization.rmsNorm(p.baseAddress!, weight: w, epsilon: eps, into: p.baseAddress!, count: x.count)
        }
        Self.expectClose(inPlace, try Self.floats(c["out"]), relative: 2e-6, absolute: 1e-7, "rmsNorm in place")
    }

    @Test func layerNorm() throws {
        let c = try Self.section("layer_norm")
        let x = try Self.floats(c["x"])
        var out = [Float](repeating: 0, count: x.count)
        Normalization.layerNorm(x, weight: try Self.floats(c["w"]), bias: try Self.floats(c["b"]),
                                epsilon: Float(try #require(c["epsilon"] as? Double)), into: &out, count: x.count)
        Self.expectClose(out, try Self.floats(c["out"]), relative: 2e-6, absolute: 2e-7, "layerNorm")
    }

    @Test func activations() throws {
        let c = try Self.section("activations")
        let x = try Self.floats(c["x"]), up = try Self.floats(c["up"])
        var out = [Float](repeating: 0, count: x.count)
        Activation.silu(x, into: &out, count: x.count)
        Self.expectClose(out, try Self.floats(c["silu"]), relative: 1e-6, absolute: 1e-7, "silu")
        Activation.geluTanh(x, into: &out, count: x.count)
        Self.expectClose(out, try Self.floats(c["gelu_tanh"]), relative: 1e-6, absolute: 1e-7, "geluTanh")
        Activation.geluErf(x, into: &out, count: x.count)
        Self.expectClose(out, try Self.floats(c["gelu_erf"]), relative: 1e-6, absolute: 1e-7, "geluErf")
        Activation.siluGated(gate: x, up: up, into: &out, count: x.count)
        Self.expectClose(out, try Self.floats(c["silu_gated"]), relative: 2e-6, absolute: 1e-7, "siluGated")
        Activation.geluTanhGated(gate: x, up: up, into: &out, count: x.count)
        Self.expectClose(out, try Self.floats(c["gelu_tanh_gated"]), relative: 2e-6, absolute: 1e-7, "geluTanhGated")
    }

    @Test func softmax() throws {
        let c = try Self.section("softmax")
        var x = try Self.floats(c["x"])
        Activation.softmax(&x, count: x.count)
        Self.expectClose(x, try Self.floats(c["out"]), relative: 3e-6, absolute: 1e-12, "softmax")
        var masked = try Self.floats(c["masked_x"])
        Activation.softmax(&masked, count: masked.count)
        Self.expectClose(masked, try Self.floats(c["masked_out"]), relative: 3e-6, absolute: 0, "softmax with −∞")
    }

    @Test func vectorHelpers() throws {
        let c = try Self.section("vector")
        let a = try Self.floats(c["a"]), b = try Self.floats(c["b"])
        let alpha = Float(try #require(c["alpha"] as? Double))
        let n = a.count
        func near(_ v: Float, _ key: String, _ tolerance: Double) throws {
            let e = try #require(c[key] as? Double)
            #expect(abs(Double(v) - e) <= tolerance * max(1, abs(e)), "\(key): \(v) vs \(e)")
        }
        try near(Vector.dot(a, b, count: n), "dot", 1e-5)
        try near(Vector.sum(a, count: n), "sum", 1e-5)
        try near(Vector.maximum(a, count: n), "max", 0)
        try near(Vector.norm(a, count: n), "norm", 1e-6)
        var y = b
        Vector.axpy(alpha, a, &y, count: n)
        Self.expectClose(y, try Self.floats(c["axpy"]), relative: 1e-6, absolute: 1e-7, "axpy")
        var s = a
        Vector.scale(&s, by: alpha, count: n)
        Self.expectClose(s, try Self.floats(c["scale"]), relative: 0, absolute: 0, "scale")
        var out = [Float](repeating: 0, count: n)
        Vector.add(a, b, into: &out, count: n)
        Self.expectClose(out, try Self.floats(c["add"]), relative: 0, absolute: 0, "add")
        Vector.multiply(a, b, into: &out, count: n)
        Self.expectClose(out, try Self.floats(c["mul"]), relative: 0, absolute: 0, "multiply")
    }

    @Test func rotaryEmbeddingBothLayouts() throws {
        let c = try Self.section("rope")
        let x = try Self.floats(c["x"])
        let heads = try #require(c["heads"] as? Int), headDim = try #require(c["head_dim"] as? Int)
        let list = try #require(c["cases"] as? [[String: Any]])
        for item in list {
            let dims = try #require(item["dims"] as? Int), position = try #require(item["position"] as? Int)
            let base = try #require(item["base"] as? Double), neox = try #require(item["neox"] as? Bool)
            let scale = try #require(item["scale"] as? Double)
            let rope = RotaryEmbedding(dimensions: dims, base: base, layout: neox ? .neox : .normal, positionScale: scale)
            var q = x
            rope.apply(rope.angles(at: position), to: &q, heads: heads, headDimension: headDim)
            Self.expectClose(q, try Self.floats(item["out"]), relative: 1e-6, absolute: 3e-7,
                             "rope dims \(dims) position \(position) \(neox ? "neox" : "normal")")
        }
    }

    @Test func halfAndBFloat16Conversions() throws {
        let c = try Self.section("half")
        let values = try Self.floats(c["values"])
        let f16 = try Self.halves(c["f16_bits"]), bf16 = try Self.halves(c["bf16_bits"])
        #expect(values.map(HalfPrecision.half(from:)) == f16)
        #expect(values.map(HalfPrecision.bfloat16(from:)) == bf16)
        let widened = try Self.floats(c["f16_widened"])
        #expect(f16.map { HalfPrecision.float(fromHalf: $0).bitPattern } == widened.map(\.bitPattern))
        var bulk = [Float](repeating: 0, count: f16.count)
        HalfPrecision.widenHalves(f16, into: &bulk, count: f16.count)
        #expect(bulk.map(\.bitPattern) == widened.map(\.bitPattern))
        HalfPrecision.widenBFloat16s(bf16, into: &bulk, count: bf16.count)
        #expect(bulk.map(\.bitPattern) == (try Self.floats(c["bf16_widened"])).map(\.bitPattern))
        var narrowed = [UInt16](repeating: 0, count: values.count)
        HalfPrecision.narrowToHalves(values, into: &narrowed, count: values.count)
        #expect(narrowed == f16)
        HalfPrecision.narrowToBFloat16s(values, into: &narrowed, count: values.count)
        #expect(narrowed == bf16)
    }
}
