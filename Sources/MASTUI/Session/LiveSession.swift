import Foundation
import MASKit
import Synchronization

/// Runs the user's questions on the engine: loads the chosen style (keeping the last one loaded),
/// runs each question with a `Runner`, and pours its events and its own notices into the inbox.
/// `perform` only hands work over, so the UI thread never waits for a model.
public final class LiveSession: Sendable {
    private let inbox: EventInbox
    private let catalog: StyleCatalog
    private let loader: SystemLoader
    private let options: RunOptions

    private struct Current {
        var system: LoadedSystem?
        var runner: Runner?
        var busy = false
    }

    private let current = Mutex(Current())

    /// `options` overrides rounds, latent steps, new tokens and seed of every run (its step mode
    /// is replaced by each question's).
    public init(inbox: EventInbox, catalog: StyleCatalog = StyleCatalog(), loader: SystemLoader = SystemLoader(),
                options: RunOptions = RunOptions()) {
        self.inbox = inbox
        self.catalog = catalog
        self.loader = loader
        self.options = options
    }

    /// Carries out `request` in the background; returns why it was refused, or nil.
    public func perform(_ request: EngineRequest) -> String? {
        switch request {
        case let .ask(question, style, stepMode):
            guard claim() else { return "a run is in flight" }
            Task.detached { await self.run(question, style: style, stepMode: stepMode) }
        case let .loadStyle(style):
            guard claim() else { return "a run is in flight" }
            Task.detached {
                _ = self.system(named: style)
                self.release()
            }
        case let .control(command):
            guard let runner = current.withLock({ $0.runner }) else { return "no run in flight" }
            runner.send(command)
        case .speed:
            return "speed control is for replays"
        }
        return nil
    }

    /// Asks the run in flight to stop (on quit).
    public func cancel() {
        current.withLock { $0.runner }?.send(.cancel)
    }

    private func claim() -> Bool {
        current.withLock { current in
            guard !current.busy else { return false }
            current.busy = true
            return true
        }
    }

    private func release() {
        current.withLock {
            $0.busy = false
            $0.runner = nil
        }
    }

    private func run(_ question: String, style: String, stepMode: StepMode) async {
        guard let system = system(named: style) else {
            release()
            return
        }
        var options = options
        options.stepMode = stepMode
        let runner: Runner
        do {
            runner = try Runner(system: system, question: question, options: options)
        } catch {
            release()
            inbox.post(.runEnded(.failed("\(error)")))
            return
        }
        current.withLock { $0.runner = runner }
        async let outcome = runner.run()
        await inbox.feed(from: runner.events)
        let ended = await outcome
        release()
        inbox.post(.runEnded(ended))
    }

    /// The loaded system of `name`, loading it (and reporting progress) unless it is the one
    /// loaded last; nil when it cannot be loaded (reported as `styleFailed`).
    private func system(named name: String) -> LoadedSystem? {
        if let system = current.withLock({ $0.system }), system.style.name == name { return system }
        do {
            inbox.post(.loadingStyle(name: name, detail: "reading the style file"))
            let style = try Style(contentsOf: try catalog.file(for: name))
            let models = Set(style.agents.map(\.model.description)).sorted()
            inbox.post(.loadingStyle(name: name, detail: "models \(models.joined(separator: ", ")) and \(style.family.links.count) links"))
            current.withLock { $0.system = nil }
            let system = try loader.load(style)
            current.withLock { $0.system = system }
            inbox.post(.styleReady(name: name, warnings: system.warnings.count))
            return system
        } catch {
            inbox.post(.styleFailed(name: name, message: "\(error)"))
            return nil
        }
    }
}
