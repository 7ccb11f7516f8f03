/// The ids of a vocabulary's special tokens, checked against its size and against the BOS/EOS flags.
struct SpecialTokenIDs {
    let bos: Int32?
    let eos: Int32?
    let eot: Int32?
    let pad: Int32?
    let unknown: Int32?

    init(bos: Int32?, eos: Int32?, eot: Int32? = nil, pad: Int32?, unknown: Int32?,
         addBOS: Bool, addEOS: Bool, count: Int) throws {
        func checked(_ id: Int32?, _ role: String) throws -> Int32? {
            guard let id else { return nil }
            guard id >= 0 && Int(id) < count else {
                throw TokenizerError(problem: "\(role) token id \(id) is outside the vocabulary of \(count) tokens")
            }
            return id
        }
        self.bos = try checked(bos, "BOS")
        self.eos = try checked(eos, "EOS")
        self.eot = try checked(eot, "EOT")
        self.pad = try checked(pad, "padding")
        self.unknown = try checked(unknown, "unknown")
        if addBOS && self.bos == nil {
            throw TokenizerError(problem: "the vocabulary asks for a BOS token but names none")
        }
        if addEOS && self.eos == nil {
            throw TokenizerError(problem: "the vocabulary asks for an EOS token but names none")
        }
    }
}
