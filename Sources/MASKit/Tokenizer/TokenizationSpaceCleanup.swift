/// llama.cpp's `clean_up_tokenization_spaces` for decoded BPE text, three passes over the bytes:
/// drop a space before `?`, `!`, `.` or `,`; turn " ' " into "'"; drop the space before 's 'm 're 've.
enum TokenizationSpaceCleanup {
    private static let space = UInt8(ascii: " ")
    private static let apostrophe = UInt8(ascii: "'")

    static func apply(_ bytes: [UInt8]) -> [UInt8] {
        joinApostrophePhrases(joinAttachedPunctuation(bytes))
    }

    private static func joinAttachedPunctuation(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            if index > 0 && bytes[index - 1] == space && "?!.,".utf8.contains(byte) { output.removeLast() }
            output.append(byte)
        }
        return output
    }

    private static func joinApostrophePhrases(_ bytes: [UInt8]) -> [UInt8] {
        // " ' " loses both spaces.
        var spaced: [UInt8] = []
        spaced.reserveCapacity(bytes.count)
        var index = 0
        var previousWasSkipped = false
        while index < bytes.count {
            let byte = bytes[index]
            if index > 0 && byte == apostrophe && index + 1 < bytes.count && !previousWasSkipped
                && bytes[index - 1] == space && bytes[index + 1] == space {
                spaced.removeLast()
                spaced.append(byte)
                index += 2
                previousWasSkipped = true
                continue
            }
            spaced.append(byte)
            index += 1
            previousWasSkipped = false
        }
        // " 's", " 'm", " 're", " 've" lose their space (" 't", " 'd", " 'll" keep it).
        var output: [UInt8] = []
        output.reserveCapacity(spaced.count)
        for (index, byte) in spaced.enumerated() {
            if index > 0 && spaced[index - 1] == space && byte == apostrophe && index + 1 < spaced.count {
                let next = spaced[index + 1]
                let afterNext: UInt8? = index + 2 < spaced.count ? spaced[index + 2] : nil
                let joins = next == UInt8(ascii: "s") || next == UInt8(ascii: "m")
                    || (afterNext == UInt8(ascii: "e") && (next == UInt8(ascii: "r") || next == UInt8(ascii: "v")))
                if joins { output.removeLast() }
            }
            output.append(byte)
        }
        return output
    }
}
