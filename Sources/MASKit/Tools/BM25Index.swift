import Foundation

/// Okapi BM25 ranking with Lucene's always-positive idf, as bm25s's `method="lucene"` computes it:
/// score(d, q) = Σ over query terms t (repeats count) of
///   ln(1 + (N − df + 0.5) / (df + 0.5)) · tf / (tf + k1 · (1 − b + b · |d| / avgdl)).
public struct BM25Index: Sendable {
    public let k1: Double
    public let b: Double
    private let termCounts: [[String: Int]]
    private let lengths: [Double]
    private let documentFrequency: [String: Int]
    private let averageLength: Double

    /// - Parameter documents: each document's terms, in any order.
    public init(documents: [[String]], k1: Double = 1.5, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
        termCounts = documents.map { terms in terms.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
        lengths = documents.map { Double($0.count) }
        documentFrequency = termCounts.reduce(into: [:]) { frequency, counts in
            for term in counts.keys { frequency[term, default: 0] += 1 }
        }
        averageLength = lengths.isEmpty ? 0 : lengths.reduce(0, +) / Double(lengths.count)
    }

    public var documentCount: Int { termCounts.count }

    /// The score of every document for the query, in document order.
    public func scores(for query: [String]) -> [Double] {
        let count = Double(documentCount)
        return termCounts.indices.map { document in
            query.reduce(0) { score, term in
                guard let frequency = termCounts[document][term], let df = documentFrequency[term] else { return score }
                let idf = log(1 + (count - Double(df) + 0.5) / (Double(df) + 0.5))
                let tf = Double(frequency)
                let norm = averageLength > 0 ? 1 - b + b * lengths[document] / averageLength : 1
                return score + idf * tf / (tf + k1 * norm)
            }
        }
    }

    /// Documents with a positive score, best first; equal scores keep document order.
    public func ranking(for query: [String], limit: Int) -> [(document: Int, score: Double)] {
        let scored = scores(for: query).enumerated().filter { $0.element > 0 }
        let sorted = scored.sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
        return sorted.prefix(limit).map { (document: $0.offset, score: $0.element) }
    }

    /// Lower-cased runs of letters and digits: the terms both documents and queries are split into.
    public static func terms(in text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
