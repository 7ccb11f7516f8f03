/// How the search tool searches: a Tavily-compatible web API when there is a key, else BM25 over
/// a local corpus of text files.
public struct SearchToolSettings: Sendable {
    /// The API's base URL; requests go to `<baseURL>/search`.
    public var baseURL: String
    /// nil searches the offline corpus.
    public var apiKey: SearchAPIKey?
    /// The offline corpus; nil uses `SearchCorpus.defaultDirectory()`.
    public var corpusDirectory: String?
    public var connectTimeout: Double
    public var totalTimeout: Double
    /// Further attempts after a failed request.
    public var retries: Int
    /// The API's `search_depth`.
    public var searchDepth: String
    /// Results shown to the model.
    public var shownResults: Int

    /// The key defaults to `SearchAPIKey.find()`: TAVILY_API_KEY, else `./.env`.
    public init(baseURL: String = "https://api.tavily.com", apiKey: SearchAPIKey? = SearchAPIKey.find(),
                corpusDirectory: String? = nil, connectTimeout: Double = 5, totalTimeout: Double = 20,
                retries: Int = 1, searchDepth: String = "advanced", shownResults: Int = 4) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.corpusDirectory = corpusDirectory
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.retries = retries
        self.searchDepth = searchDepth
        self.shownResults = shownResults
    }

    var endpoint: String {
        (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + "/search"
    }
}
