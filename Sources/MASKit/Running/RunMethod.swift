/// How the agents of a style pass their work on: the paper's comparison (field-notes §1.4–1.7).
public enum RunMethod: String, Sendable, Codable, CaseIterable {
    /// Latent thoughts through the RecursiveLinks (RecursiveMAS).
    case latent
    /// Every agent decodes text, and the slot of the next prompt receives that text instead of latents;
    /// rounds feed the closing agent's text back (the reference's `text_recursive`, Recursive-TextMAS).
    case text
    /// The closing agent alone, asked the question with no slots, in one round.
    case single
}
