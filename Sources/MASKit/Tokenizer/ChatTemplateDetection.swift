extension ChatTemplateFamily {
    /// The family whose marker strings the Jinja template contains, checked in llama.cpp's order (more specific
    /// markers first); nil when none matches.
    static func detect(in template: String) -> ChatTemplateFamily? {
        func has(_ marker: String) -> Bool { template.contains(marker) }

        if has("<|im_start|>") {
            return has("<|im_sep|>") ? .phi4 : .chatML
        }
        if template.hasPrefix("mistral") || has("[INST]") {
            if has("[SYSTEM_PROMPT]") { return .mistralV7 }
            if has("' [INST] ' + system_message") || has("[AVAILABLE_TOOLS]") {
                if has(" [INST]") { return .mistralV1 }
                return has("\"[INST]\"") ? .mistralV3Tekken : .mistralV3
            }
            if has("content.strip()") { return .llama2SystemStrip }
            if has("bos_token + '[INST]") { return .llama2SystemBOS }
            return has("<<SYS>>") ? .llama2System : .llama2
        }
        if has("<|assistant|>") && has("<|end|>") { return .phi3 }
        if has("[gMASK]<sop>") { return .chatGLM4 }
        // Zephyr ends turns with the eos token; GLM-Edge has the same role markers and no eos.
        if has("<|user|>") && has("<|assistant|>") && has("eos_token") { return .zephyr }
        if has("<|assistant|>") && has("<|user|>") { return .glmEdge }
        if has("<|user|>") && has("<|endoftext|>") { return .zephyr }
        if has("bos_token + message['role']") { return .monarch }
        if has("<start_of_turn>") { return .gemma }
        if has("'\\n\\nAssistant: ' + eos_token") { return .orion }
        if has("GPT4 Correct ") { return .openChat }
        if has("USER: ") && has("ASSISTANT: ") { return has("SYSTEM: ") ? .vicunaOrca : .vicuna }
        if has("### Instruction:") && has("<|EOT|>") { return .deepSeek }
        if has("<|START_OF_TURN_TOKEN|>") && has("<|USER_TOKEN|>") { return .commandR }
        if has("<|start_header_id|>") && has("<|end_header_id|>") { return .llama3 }
        if has("[gMASK]sop") { return .chatGLM3 }
        if has("<用户>") { return .miniCPM }
        if has("'Assistant: ' + message['content'] + eos_token") { return .deepSeek2 }
        if has("<｜Assistant｜>") && has("<｜User｜>") && has("<｜end▁of▁sentence｜>") { return .deepSeek3 }
        if has("<|start_of_role|>") { return .granite }
        if has("<|role_start|>") { return .megrez }
        return nil
    }
}
