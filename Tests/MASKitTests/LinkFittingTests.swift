import Foundation
import MASKit
import Testing

@Suite("Link fitting")
struct LinkFittingTests {
    /// Random values in ±scale from a seed.
    static func random(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var generator = SeededRandom(seed: seed)
        return (0..<count).map { _ in Float(generator.nextUnit() * 2 - 1) * scale }
    }

    /// A link whose every parameter (LayerNorm ones too) is random, so every gradient path is exercised.
    static func randomLink(_ kind: RecursiveLink.Kind, din: Int, dout: Int, seed: UInt64) throws -> TrainableLink {
        let base: RecursiveLink = kind == .inner
            ? .inner(try InnerLink.freshlyInitialised(hiddenSize: din, seed: seed))
            : .outer(try OuterLink.freshlyInitialised(inputSize: din, outputSize: dout, seed: seed))
        var link = TrainableLink(base)
        link.parameters = Self.random(link.parameters.count, seed: seed &+ 1, scale: 0.8)
        return link
    }

    /// The analytic gradient against central finite differences of the loss, for every parameter of a
    /// small inner and outer link, over more rows than one parallel chunk holds.
    @Test(arguments: [RecursiveLink.Kind.inner, .outer])
    func gradientMatchesFiniteDifferences(kind: RecursiveLink.Kind) throws {
        let (din, dout) = kind == .inner ? (6, 6) : (5, 4)
        let rows = 70
        let link = try Self.randomLink(kind, din: din, dout: dout, seed: 11)
        let inputs = Self.random(rows * din, seed: 12, scale: 2)
        let targets = Self.random(rows * dout, seed: 13, scale: 1.5)
        let analytic = try link.lossAndGradients(inputs: inputs, targets: targets, rows: rows).gradients
        let step: Float = 1e-2
        var worst: Float = 0
        for i in link.parameters.indices {
            var plus = link, minus = link
            plus.parameters[i] += step
            minus.parameters[i] -= step
            let up = try plus.lossAndGradients(inputs: inputs, targets: targets, rows: rows).loss
            let down = try minus.lossAndGradients(inputs: inputs, targets: targets, rows: rows).loss
            let numeric = Float((up - down) / Double(2 * step))
            let error = abs(numeric - analytic[i]) / max(abs(numeric), abs(analytic[i]), 1e-2)
            worst = max(worst, error)
        }
        #expect(worst < 2e-2, "largest relative gradient error \(worst)")
    }

    /// The trainable form computes the same link as the reference-checked forward pass: its loss against
    /// that forward pass's own outputs is zero to rounding.
    @Test func trainableForwardEqualsTheLinkForward() throws {
        let link = try Self.randomLink(.outer, din: 7, dout: 5, seed: 21)
        let inputs = Self.random(9 * 7, seed: 22, scale: 3)
        let outputs = try link.link().forward(inputs)
        let loss = try link.lossAndGradients(inputs: inputs, targets: outputs, rows: 9).loss
        #expect(loss < 1e-10)
    }

    @Test func fittingTextErrorsNameTheFileAndLine() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-fit-\(UUID().uuidString).tsv")
        defer { try? FileManager.default.removeItem(at: url) }
        try "# comment\nQ one\tA one\nno tab here\n".write(to: url, atomically: true, encoding: .utf8)
        let error = try #require(throws: FileFormatError.self) { try FittingText(url: url) }
        #expect("\(error)".contains(url.path) && "\(error)".contains("line 3"), "\(error)")
    }

    /// On the real default models with a small budget: fitted links beat the untrained stand-ins on
    /// held-out text, the saved files load with the models' sizes, a second fit with the same seed writes
    /// the same bytes, and a current file is kept rather than refitted.
    @Test func fitsRealModelsDeterministically() throws {
        let (smol, gemma) = (try TestSupport.model(.smolLM2), try TestSupport.model(.gemma3))
        let shipped = try FittingText(url: try #require(FittingText.defaultURL(executable: URL(fileURLWithPath: #filePath))))
        let text = try FittingText(pairs: Array(shipped.pairs.prefix(32)))
        var settings = LinkFitSettings()
        settings.epochs = 2
        let plan = FittedLinkPlan(requests: [.outer(source: smol, target: gemma)], chatTemplates: [gemma: "gemma"])
        #expect(plan.requests == [.inner(model: smol), .outer(source: smol, target: gemma)])

        let directories = (0..<2).map { _ in
            FileManager.default.temporaryDirectory.appendingPathComponent("mastui-links-\(UUID().uuidString)")
        }
        defer { directories.forEach { try? FileManager.default.removeItem(at: $0) } }
        var outcomes: [[FittedLinkBuilder.Outcome]] = []
        for directory in directories {
            let builder = FittedLinkBuilder(store: FittedLinkStore(directory: directory), text: text, settings: settings)
            outcomes.append(try builder.build(plan))
        }

        for outcome in outcomes[0] {
            let report = try #require(outcome.report)
            #expect(report.fitted.cosine > report.untrained.cosine + 0.1, "\(outcome.request): \(report)")
            #expect(report.fitted.meanSquaredError < report.untrained.meanSquaredError, "\(outcome.request): \(report)")
            #expect(report.fitted.meanSquaredError <= report.leastSquares.meanSquaredError * 1.05, "\(outcome.request): \(report)")
            if let identity = report.identity { #expect(report.fitted.cosine > identity.cosine, "\(outcome.request): \(report)") }
        }
        let (inner, outer) = (outcomes[0][0].file, outcomes[0][1].file)
        #expect(try RecursiveLinkFile(url: inner, expecting: .inner(hiddenSize: 576)).kind == .inner)
        let outerLink = try RecursiveLinkFile(url: outer, expecting: .outer(sourceHiddenSize: 576, targetHiddenSize: 640))
        #expect(outerLink.kind == .outer && outerLink.link.outputSize == 640)

        for (first, second) in zip(outcomes[0], outcomes[1]) {
            #expect(try Data(contentsOf: first.file) == Data(contentsOf: second.file), "\(first.request) differs between two fits")
        }

        let again = try FittedLinkBuilder(store: FittedLinkStore(directory: directories[0]), text: text, settings: settings).build(plan)
        #expect(again.allSatisfy { $0.report == nil })
    }

    /// After set-up (`scripts/setup` fits them), every tiny preset loads its fitted links: no untrained
    /// stand-in, and every fitted file is current.
    @Test func presetsLoadFittedLinks() throws {
        _ = (try TestSupport.model(.smolLM2), try TestSupport.model(.gemma3))
        let catalog = StyleCatalog(directories: [TestSupport.fixtures.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("styles")])
        let styles = try catalog.names().filter { $0.hasPrefix("tiny_") }.map { try Style(contentsOf: catalog.file(for: $0)) }
        #expect(styles.count == 4)
        let shipped = try FittingText(url: try #require(FittingText.defaultURL(executable: URL(fileURLWithPath: #filePath))))
        let builder = FittedLinkBuilder(store: FittedLinkStore(), text: shipped)
        let plan = FittedLinkPlan(styles: styles)
        #expect(plan.requests.count == 5)
        for request in plan.requests {
            let current = builder.isCurrent(request, in: plan)
            #expect(current, "\(request) is not fitted: run \(ModelDirectory.setupCommand)")
        }
        for style in styles {
            let system = try SystemLoader().load(style)
            #expect(!system.warnings.contains { $0.contains("UNTRAINED") }, "\(style.name): \(system.warnings)")
        }
    }

    /// A links folder that cannot be written fails before any model is read or fitted, with one line.
    @Test func anUnwritableLinksFolderFailsBeforeFitting() throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-not-a-dir-\(UUID().uuidString)")
        try Data("a file".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let smol = try TestSupport.model(.smolLM2)
        let shipped = try FittingText(url: try #require(FittingText.defaultURL(executable: URL(fileURLWithPath: #filePath))))
        let builder = FittedLinkBuilder(store: FittedLinkStore(directory: blocker.appendingPathComponent("links")), text: shipped)
        var events = 0
        let error = try #require(throws: RecursionError.self) {
            try builder.build(FittedLinkPlan(requests: [.inner(model: smol)], chatTemplates: [:])) { _ in events += 1 }
        }
        #expect(error.description.hasPrefix("cannot write fitted links to \(blocker.path)/links: ") && !error.description.contains("\n"),
                "\(error)")
        #expect(events == 0)
    }
}
