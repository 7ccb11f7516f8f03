import Foundation
import MASKit
import Testing

@Suite struct RecursiveLinkTests {
    static let innerFiles = ["adapter(math).pt", "inner_f32.pt", "inner_f32.safetensors", "inner_bf16_p4_zip64.pt"]
    static let outerFiles = ["outer_12.pt", "outer_f32.pt", "outer_bf16.safetensors"]

    static func expectClose(_ actual: [Float], _ expected: [Float], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        let worst = zip(actual, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-4, "max abs difference \(worst)", sourceLocation: sourceLocation)
    }

    static func innerLink(_ file: String) throws -> InnerLink {
        guard case .inner(let link) = try RecursiveLinkFile(url: LinkFixtures.url(file)).link else {
            throw FileFormatError(file: file, problem: "holds an outer link")
        }
        return link
    }

    @Test(arguments: innerFiles)
    func innerLinkMatchesPyTorch(file: String) throws {
        let expected = try LinkFixtures.expected()
        let loaded = try RecursiveLinkFile(url: LinkFixtures.url(file), expecting: .inner(hiddenSize: 64))
        #expect(loaded.kind == .inner)
        #expect(loaded.link.inputSize == 64 && loaded.link.outputSize == 64)
        #expect(loaded.format == (file.hasSuffix(".pt") ? .torch : .safetensors))
        #expect(loaded.dtype == (file.contains("f32") ? .f32 : .bf16))
        #expect(loaded.link.parameterCount == loaded.link.parameters.reduce(0) { $0 + $1.values.count })
        // One batch [5, 64] (sgemm) and each vector alone (sgemv).
        Self.expectClose(try loaded.link.forward(expected.x.flatMap { $0 }), expected.innerOut.flatMap { $0 })
        for (x, y) in zip(expected.x, expected.innerOut) {
            Self.expectClose(try loaded.link.forward(x), y)
        }
    }

    @Test(arguments: innerFiles, outerFiles)
    func outerOfInnerMatchesPyTorch(innerFile: String, outerFile: String) throws {
        let expected = try LinkFixtures.expected()
        let inner = try RecursiveLinkFile(url: LinkFixtures.url(innerFile)).link
        let outer = try RecursiveLinkFile(url: LinkFixtures.url(outerFile),
                                          expecting: .outer(sourceHiddenSize: 64, targetHiddenSize: 96))
        #expect(outer.kind == .outer)
        #expect(outer.link.inputSize == 64 && outer.link.outputSize == 96)
        let latents = try inner.forward(expected.x.flatMap { $0 })
        Self.expectClose(try outer.link.forward(latents), expected.outerOfInnerOut.flatMap { $0 })
        for (x, y) in zip(expected.x, expected.outerOfInnerOut) {
            Self.expectClose(try outer.link.forward(try inner.forward(x)), y)
        }
    }

    @Test func refusesMismatchedDimensionsNamingBothSizes() throws {
        let inner = LinkFixtures.url("adapter(math).pt")
        let outer = LinkFixtures.url("outer_12.pt")
        for (url, expectation, sizes) in [(inner, LinkExpectation.inner(hiddenSize: 576), ["64", "576"]),
                                          (outer, .outer(sourceHiddenSize: 640, targetHiddenSize: 96), ["64", "640"]),
                                          (outer, .outer(sourceHiddenSize: nil, targetHiddenSize: 576), ["96", "576"]),
                                          (inner, .outer(sourceHiddenSize: 64, targetHiddenSize: 64), ["inner link"]),
                                          (outer, .inner(hiddenSize: 64), ["outer link"])] {
            let error = try #require(throws: FileFormatError.self) { try RecursiveLinkFile(url: url, expecting: expectation) }
            LinkFixtures.expectOneLine(error, file: url.path)
            for size in sizes { #expect(error.problem.contains(size), "\(error)") }
        }
    }

    /// Writes `tensors` (taken from the inner fixture, then edited) and returns the loader's problem.
    static func loadProblem(_ edit: (inout [NamedTensor]) -> Void) throws -> String {
        let link = try innerLink("inner_f32.safetensors")
        var tensors = link.parameters
        edit(&tensors)
        let url = try LinkFixtures.temporaryDirectory().appendingPathComponent("edited.safetensors")
        try SafetensorsWriter.write(tensors, dtype: .f32, to: url)
        let error = try #require(throws: FileFormatError.self) { try RecursiveLinkFile(url: url) }
        LinkFixtures.expectOneLine(error, file: url.path)
        return error.problem
    }

    @Test func refusesMissingExtraAndMisshapenKeys() throws {
        #expect(try Self.loadProblem { $0.removeAll { $0.name == "proj2.bias" } }
            .contains("do not form an inner link (ln_res_adapter): missing proj2.bias"))
        #expect(try Self.loadProblem { $0.append(NamedTensor(name: "scale", shape: [1], values: [1])) }
            .contains("unexpected scale"))
        #expect(try Self.loadProblem { $0.append(NamedTensor(name: "residual_proj.bias", shape: [1], values: [1])) }
            .contains("outer link (outer_ln_res_adapter): missing"))
        #expect(try Self.loadProblem {
            let index = $0.firstIndex { $0.name == "proj1.weight" } ?? 0
            $0[index] = NamedTensor(name: "proj1.weight", shape: [64, 32], values: Array($0[index].values[0..<2048]))
        }.contains("tensor 'proj1.weight' has shape [64, 32], an inner link with H = 64 needs [64, 64]"))
        #expect(try Self.loadProblem { $0.removeAll() }.contains("holds no tensors"))
    }

    @Test func adapterConfigMustAgreeWithTheKeys() throws {
        let directory = try LinkFixtures.temporaryDirectory()
        let copy = directory.appendingPathComponent("adapter.pt")
        try FileManager.default.copyItem(at: LinkFixtures.url("adapter(math).pt"), to: copy)
        let config = directory.appendingPathComponent("adapter_config.json")

        try Data(#"{"adapter_type": "ln_res_adapter"}"#.utf8).write(to: config)
        #expect(try RecursiveLinkFile(url: copy).kind == .inner)

        try Data(#"{"adapter_type": "outer_ln_res_adapter"}"#.utf8).write(to: config)
        let error = try #require(throws: FileFormatError.self) { try RecursiveLinkFile(url: copy) }
        #expect(error.file == config.path)
        #expect(error.problem.contains("outer_ln_res_adapter") && error.problem.contains("inner link"))

        try Data("{not json".utf8).write(to: config)
        #expect(throws: FileFormatError.self) { try RecursiveLinkFile(url: copy) }
    }

    @Test(arguments: [TensorDType.f32, .bf16])
    func saveThenLoadGivesTheSameLink(dtype: TensorDType) throws {
        let expected = try LinkFixtures.expected()
        let directory = try LinkFixtures.temporaryDirectory()
        for file in ["adapter(math).pt", "outer_12.pt"] {
            let original = try RecursiveLinkFile(url: LinkFixtures.url(file)).link
            let saved = directory.appendingPathComponent("\(file).safetensors")
            try RecursiveLinkFile.save(original, to: saved, dtype: dtype)
            let reloaded = try RecursiveLinkFile(url: saved)
            #expect(reloaded.format == .safetensors && reloaded.dtype == dtype && reloaded.kind == original.kind)
            // The fixture weights are bf16-exact, so both dtypes keep them exactly.
            #expect(reloaded.link.parameters == original.parameters)
            let input = original.kind == .inner ? expected.x.flatMap { $0 } : expected.innerOut.flatMap { $0 }
            #expect(try reloaded.link.forward(input) == original.forward(input))
        }
    }

    @Test func forwardRefusesInputsOfTheWrongSize() throws {
        let link = try Self.innerLink("adapter(math).pt")
        #expect(throws: LinkError.self) { try link.forward([Float](repeating: 0, count: 65)) }
        #expect(throws: LinkError.self) { try link.forward([]) }
        #expect(throws: LinkError.self) { try InnerLink(hiddenSize: 64, parameters: [:]) }
    }
}
