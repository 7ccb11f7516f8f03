import Synchronization

/// Searches with a Tavily-compatible web API when a key is set, else with BM25 over a local
/// corpus (results marked offline). Results are formatted like the reference's.
public final class SearchTool: Tool, HoldsSecrets {
    public let name = ToolName.search
    public let settings: SearchToolSettings
    private let offline = Mutex<OfflineSearch?>(nil)

    public init(settings: SearchToolSettings = SearchToolSettings()) {
        self.settings = settings
    }

    public static let offlineNote = "[offline search over a local corpus, not the web]"

    /// Where searches go: the web API's endpoint, or the offline corpus directory (nil if none).
    public var mode: SearchMode {
        settings.apiKey == nil ? .offline(corpus: corpusDirectory) : .web(endpoint: settings.endpoint)
    }

    var secrets: [String] { settings.apiKey.map { [$0.value] } ?? [] }

    public func run(_ arguments: String) async -> ToolOutcome {
        if let key = settings.apiKey {
            let client = HTTPClient(connectTimeout: settings.connectTimeout, totalTimeout: settings.totalTimeout,
                                    retries: settings.retries)
            return await WebSearch(endpoint: settings.endpoint, key: key, searchDepth: settings.searchDepth,
                                   client: client).search(arguments, shown: settings.shownResults)
        }
        do {
            let search = try offlineSearch()
            let hits = search.hits(for: arguments, limit: settings.shownResults)
            return ToolOutcome(status: .ok, output: SearchResultText.text(
                query: arguments, hits: hits, shown: settings.shownResults, note: Self.offlineNote))
        } catch {
            return ToolOutcome(status: .error, output: "[search error] OfflineCorpus: \(error)")
        }
    }

    private var corpusDirectory: String? { settings.corpusDirectory ?? SearchCorpus.defaultDirectory() }

    private func offlineSearch() throws -> OfflineSearch {
        if let loaded = offline.withLock({ $0 }) { return loaded }
        guard let directory = corpusDirectory else {
            throw SearchCorpusError(directory: "corpus", problem: "was not found (set --corpus DIR or MASTUI_CORPUS)")
        }
        let search = OfflineSearch(corpus: try SearchCorpus(directory: directory))
        offline.withLock { $0 = search }
        return search
    }
}

public enum SearchMode: Sendable, Equatable {
    case web(endpoint: String)
    case offline(corpus: String?)
}

/// A tool holding values that must never appear in what it or any other tool reports.
protocol HoldsSecrets {
    var secrets: [String] { get }
}
