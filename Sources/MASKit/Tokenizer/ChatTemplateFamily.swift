/// The prompt formats a chat template can be recognised as. Raw values are llama.cpp's template names, so a
/// style file can name a format the way llama.cpp's `--chat-template` does.
public enum ChatTemplateFamily: String, Sendable, Hashable, CaseIterable, Codable {
    case chatML = "chatml"
    case llama2 = "llama2"
    case llama2System = "llama2-sys"
    case llama2SystemBOS = "llama2-sys-bos"
    case llama2SystemStrip = "llama2-sys-strip"
    case mistralV1 = "mistral-v1"
    case mistralV3 = "mistral-v3"
    case mistralV3Tekken = "mistral-v3-tekken"
    case mistralV7 = "mistral-v7"
    case phi3 = "phi3"
    case phi4 = "phi4"
    case zephyr = "zephyr"
    case monarch = "monarch"
    case gemma = "gemma"
    case orion = "orion"
    case openChat = "openchat"
    case vicuna = "vicuna"
    case vicunaOrca = "vicuna-orca"
    case deepSeek = "deepseek"
    case deepSeek2 = "deepseek2"
    case deepSeek3 = "deepseek3"
    case commandR = "command-r"
    case llama3 = "llama3"
    case chatGLM3 = "chatglm3"
    case chatGLM4 = "chatglm4"
    case glmEdge = "glmedge"
    case miniCPM = "minicpm"
    case granite = "granite"
    case megrez = "megrez"

    /// Special-token texts used when the caller does not pass the tokenizer's own.
    var defaultSpecialTokens: (bos: String, eos: String) {
        switch self {
        case .chatML: ("", "<|im_end|>")
        case .llama3: ("<|begin_of_text|>", "<|eot_id|>")
        case .gemma: ("<bos>", "<eos>")
        case .deepSeek, .deepSeek2, .deepSeek3: ("<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>")
        case .commandR: ("<BOS_TOKEN>", "<|END_OF_TURN_TOKEN|>")
        case .openChat: ("<s>", "<|end_of_turn|>")
        case .phi3: ("<s>", "<|endoftext|>")
        case .granite: ("", "<|end_of_text|>")
        case .chatGLM3, .chatGLM4, .glmEdge, .miniCPM, .megrez, .phi4: ("", "")
        case .llama2, .llama2System, .llama2SystemBOS, .llama2SystemStrip, .mistralV1, .mistralV3, .mistralV3Tekken,
             .mistralV7, .zephyr, .monarch, .orion, .vicuna, .vicunaOrca:
            ("<s>", "</s>")
        }
    }
}
