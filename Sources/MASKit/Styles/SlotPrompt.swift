import Foundation

/// A rendered chat prompt cut at its slot markers (spec §2.4): k markers, found left to right each
/// after the previous one, give k + 1 text segments (possibly empty). Latents are spliced where the
/// markers were (§2.5): Emb(seg₀) ‖ latents₁ ‖ Emb(seg₁) ‖ … ‖ latents_k ‖ Emb(seg_k).
public struct SlotPrompt: Sendable, Equatable {
    /// The k + 1 pieces of text around the markers.
    public let segments: [String]
    public let markers: [String]

    /// Cuts `text` at `markers`, in that order; throws when a marker does not follow the previous one.
    public init(text: String, markers: [String]) throws {
        var segments: [String] = []
        var cursor = text.startIndex
        for marker in markers {
            guard !marker.isEmpty,
                  let found = text.range(of: marker, options: .literal, range: cursor..<text.endIndex) else {
                throw RecursionError("failed to locate slot \(marker) in the rendered prompt")
            }
            segments.append(String(text[cursor..<found.lowerBound]))
            cursor = found.upperBound
        }
        segments.append(String(text[cursor...]))
        self.segments = segments
        self.markers = markers
    }

    /// Each segment tokenised on its own, with no BOS/EOS added and control tokens written in the
    /// text (`<|im_start|>`, `<bos>`…) read as such, as the reference does.
    public func tokenSegments(_ tokenizer: any Tokenizer) -> [[Int32]] {
        segments.map { $0.isEmpty ? [] : tokenizer.encode($0, addSpecial: false, parseSpecial: true) }
    }

    /// The input sequence with `fillings[j]` in slot j: latents (T vectors each), or the tokens of a text in
    /// the text method. Adjacent token runs are joined, so a prompt starts with all its leading tokens.
    public func splice(tokens: [[Int32]], fillings: [PromptSegment]) throws -> [PromptSegment] {
        guard tokens.count == segments.count, fillings.count == markers.count else {
            throw RecursionError("\(markers.count) slot(s) need \(markers.count) filling(s), got \(fillings.count)")
        }
        var sequence: [PromptSegment] = []
        func append(_ segment: PromptSegment) {
            switch (sequence.last, segment) {
            case (_, .tokens([])), (_, .embeddings([])): return
            case let (.tokens(run)?, .tokens(more)): sequence[sequence.count - 1] = .tokens(run + more)
            default: sequence.append(segment)
            }
        }
        for (index, segment) in tokens.enumerated() {
            append(.tokens(segment))
            if index < fillings.count { append(fillings[index]) }
        }
        return sequence
    }

    /// The input sequence with `latents[j]` (T vectors each) in slot j.
    public func splice(tokens: [[Int32]], latents: [[[Float]]]) throws -> [PromptSegment] {
        try splice(tokens: tokens, fillings: latents.map { .embeddings($0) })
    }

    /// Where each slot's latents sit in the spliced sequence (positions from 0).
    public static func latentPositions(tokens: [[Int32]], latentCounts: [Int]) -> [Range<Int>] {
        var position = 0
        var ranges: [Range<Int>] = []
        for (index, count) in latentCounts.enumerated() {
            position += tokens[index].count
            ranges.append(position..<position + count)
            position += count
        }
        return ranges
    }
}
