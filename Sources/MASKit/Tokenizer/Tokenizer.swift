/// Text ↔ token ids for one model's vocabulary.
public protocol Tokenizer: Sendable {
    var vocabularySize: Int { get }

    /// Token ids for `text`. `addSpecial` adds the BOS/EOS tokens the vocabulary asks for;
    /// `parseSpecial` lets control tokens written in the text (e.g. `<|im_start|>`) become their ids.
    func encode(_ text: String, addSpecial: Bool, parseSpecial: Bool) -> [Int32]

    /// The text of `ids`. `skipSpecial` hides control tokens and drops the BOS/EOS the vocabulary adds.
    func decode(_ ids: [Int32], skipSpecial: Bool) throws -> String

    /// The raw bytes one token stands for (possibly part of a UTF-8 character);
    /// control tokens give their text when `special` is true and nothing otherwise.
    func pieceBytes(_ id: Int32, special: Bool) throws -> [UInt8]
}
