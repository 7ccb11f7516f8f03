import ArgumentParser
import Foundation
import MASKit

/// `mastui links fit`: fits the links that styles with "fit" links need, where they look for them.
struct LinksFitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit RecursiveLinks on the CPU for styles whose links say \"fit\" (the tiny presets).",
        discussion: """
            Without --model: every inner and outer link the styles found need (or those of --style), each kept \
            when already fitted from the same models, text and settings. Inner link: a model's last hidden \
            state → its own next-token input embedding. Outer link: the source's inner-linked latent → the \
            target's input embedding of the text that follows. Links are saved as safetensors under the \
            released key names in <models>/links/, where styles find them.
            """)

    @Option(help: ArgumentHelp("Fit this model's inner link (or, with --target, the outer link from it).", valueName: "model"))
    var model: String?

    @Option(help: ArgumentHelp("With --model: fit the outer link from --model into this model.", valueName: "model"))
    var target: String?

    @Option(help: ArgumentHelp("Fit the links of this style (repeatable; default: every style found).", valueName: "name"))
    var style: [String] = []

    @Option(help: ArgumentHelp("Question–answer text to fit on, question<TAB>answer per line (default: fitting/qa.tsv).",
                               valueName: "file"))
    var text: String?

    @Option(help: "Seed of the initialisation, the held-out split and the batch order.")
    var seed: UInt64 = LinkFitSettings().seed

    @Option(help: "Passes of Adam over the training rows after the least-squares start.")
    var epochs: Int = LinkFitSettings().epochs

    @Flag(help: "Fit again even when a current fitted link exists.")
    var force = false

    @Flag(help: "Only report which links are missing or out of date; exit 1 if any is.")
    var check = false

    func validate() throws {
        if target != nil, model == nil { throw ValidationError("--target needs --model") }
        if model != nil, !style.isEmpty { throw ValidationError("--model cannot be combined with --style") }
    }

    func run() throws {
        do {
            let builder = try makeBuilder()
            let plan = try makePlan()
            guard !plan.requests.isEmpty else {
                print("no style needs fitted links")
                return
            }
            if check {
                let stale = plan.requests.filter { !builder.isCurrent($0, in: plan) }
                for request in plan.requests {
                    print("\(request): \(stale.contains(request) ? "missing or out of date" : "fitted") (\(builder.file(for: request).path))")
                }
                if !stale.isEmpty { throw ExitCode.failure }
                return
            }
            var bar = ProgressLine()
            _ = try builder.build(plan, force: force) { event in
                switch event {
                case .reading(let model, let done, let total):
                    bar.show("reading \(model)", done: done, total: total)
                case .fitting(let request, let progress):
                    bar.show("fitting \(request)", done: progress.step, total: progress.steps,
                             detail: String(format: "loss %.4g", progress.loss))
                case .finished(let outcome):
                    bar.clear()
                    print(Self.summary(outcome))
                }
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    private func makeBuilder() throws -> FittedLinkBuilder {
        guard let url = text.map({ URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) }) ?? FittingText.defaultURL() else {
            throw ValidationError("no fitting text found (\(FittingText.bundledPath)); pass --text FILE")
        }
        var settings = LinkFitSettings()
        settings.seed = seed
        settings.epochs = epochs
        return FittedLinkBuilder(store: FittedLinkStore(), text: try FittingText(url: url), settings: settings)
    }

    private func makePlan() throws -> FittedLinkPlan {
        let models = ModelDirectory()
        if let model {
            let source = try ModelSource.path(model, relativeTo: nil, models: models)
            guard let target else { return FittedLinkPlan(requests: [.inner(model: source)]) }
            return FittedLinkPlan(requests: [.outer(source: source, target: try ModelSource.path(target, relativeTo: nil, models: models))])
        }
        let catalog = StyleCatalog()
        var styles: [Style] = []
        for name in style.isEmpty ? catalog.names() : style {
            do {
                styles.append(try Style(contentsOf: catalog.file(for: name), models: models))
            } catch where style.isEmpty {
                FileHandle.standardError.write(Data("warning: skipping style \(name): \(error)\n".utf8))
            }
        }
        return FittedLinkPlan(styles: styles)
    }

    static func summary(_ outcome: FittedLinkBuilder.Outcome) -> String {
        guard let report = outcome.report else { return "\(outcome.request): kept, already fitted (\(outcome.file.path))" }
        var baselines = [String(format: "least squares %.3f", report.leastSquares.cosine),
                         String(format: "untrained %.3f", report.untrained.cosine)]
        if let identity = report.identity { baselines.append(String(format: "identity %.3f", identity.cosine)) }
        return String(format: "%@: held-out cosine %.3f (%@), held-out MSE %.4g (untrained %.4g); %d training / %d held-out rows, %.1f s\n  → %@",
                      outcome.request.description, report.fitted.cosine, baselines.joined(separator: ", "),
                      report.fitted.meanSquaredError, report.untrained.meanSquaredError,
                      report.trainingRows, report.heldOutRows, report.seconds, outcome.file.path)
    }
}

/// Progress on stderr. On a terminal, one line redrawn in place (a label, a bar and a count, written only
/// when it visibly changes); otherwise (a pipe, a log file) a plain line at each quarter reached.
struct ProgressLine {
    private let interactive = isatty(STDERR_FILENO) != 0
    private var last = ""
    private let width = 24

    mutating func show(_ label: String, done: Int, total: Int, detail: String = "") {
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let percent = Int(fraction * 100)
        let shown = interactive ? "\(label) \(percent)" : "\(label) \(percent / 25)"
        guard shown != last else { return }
        last = shown
        guard interactive else {
            let suffix = detail.isEmpty ? "" : " \(detail)"
            if percent >= 25 { FileHandle.standardError.write(Data("\(label): \(percent)%\(suffix)\n".utf8)) }
            return
        }
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label) [\(bar)] \(percent)% \(detail)".utf8))
    }

    mutating func clear() {
        guard !last.isEmpty else { return }
        last = ""
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
