import Foundation
import MASKit
import Testing

/// Renderings of real Jinja templates by Jinja2 (scripts/reference/chat_fixtures.py), matched exactly.
@Suite("Chat templates")
struct ChatTemplateTests {
    struct TemplateFixture: Decodable {
        let name: String
        let template: String?
        let bos_token: String
        let eos_token: String
        let today: String
        let cases: [Case]
    }

    struct Case: Decodable {
        let messages_name: String
        let messages: [ChatMessage]
        let add_generation_prompt: Bool
        let enable_thinking: Bool?
        let expected: String?
        let error: String?
    }

    /// The family each fixture template must be recognised as (llama.cpp's name for it).
    static let expectedFamilies: [String: String] = [
        "SmolLM2-135M-Instruct.Q4_1.gguf": "chatml",
        "hf-tiny/gemma3": "gemma", "hf-tiny/llama": "chatml", "hf-tiny/mistral": "chatml",
        "hf-tiny/qwen2": "chatml", "hf-tiny/qwen3": "chatml", "hf-tiny/qwen3_5": "chatml",
        "teknium/OpenHermes-2.5-Mistral-7B": "chatml",
        "mistralai/Mistral-7B-Instruct-v0.2 (NOTE: Old pre-v1 without a system prompt)": "llama2",
        "TheBloke/FusionNet_34Bx2_MoE-AWQ": "llama2-sys-bos",
        "bofenghuang/vigogne-2-70b-chat": "llama2-sys-strip",
        "mlabonne/AlphaMonarch-7B": "monarch",
        "google/gemma-7b-it": "gemma",
        "OrionStarAI/Orion-14B-Chat": "orion",
        "openchat/openchat-3.5-0106": "openchat",
        "deepseek-ai/deepseek-coder-33b-instruct": "deepseek",
        "eachadea/vicuna-13b-1.1": "vicuna",
        "Orca-Vicuna": "vicuna-orca",
        "CohereForAI/c4ai-command-r-plus": "command-r",
        "Llama-3": "llama3",
        "Phi-3-mini": "phi3", "Phi-3-small": "phi3", "Phi-3-medium": "phi3", "Phi-3-vision": "phi3",
        "ChatGLM3": "chatglm3", "ChatGLM4": "chatglm4", "GLMEdge": "glmedge",
        "MiniCPM-3B-OpenHermes-2.5-v2-GGUF": "minicpm",
        "DeepSeek-V2": "deepseek2",
        "ibm-granite/granite-3.0-8b-instruct": "granite",
        "mistralai/Mistral-7B-Instruct-v0.2 (mistralai 'v1' template with a system prompt)": "mistral-v1",
        "Mistral-Large-Instruct-2407 (mistralai 'v3' template; modified to have system prompt at start)": "mistral-v3",
        "Mistral-Nemo-Instruct-2407 (mistralai 'v3-tekken' template; modified to have system prompt at start)":
            "mistral-v3-tekken",
        "mistralai/Mistral-Large-Instruct-2411 (mistralai 'v7' template)": "mistral-v7",
        "Infinigence/Megrez-3B-Instruct": "megrez",
        "phi-4": "phi4",
        "meta-llama-Llama-3.1-8B-Instruct": "llama3",
        "meta-llama-Llama-3.2-3B-Instruct": "llama3",
        "Qwen-Qwen2.5-7B-Instruct": "chatml",
        "google-gemma-2-2b-it": "gemma",
        "microsoft-Phi-3.5-mini-instruct": "phi3",
        "mistralai-Mistral-Nemo-Instruct-2407": "mistral-v3-tekken",
        "deepseek-ai-DeepSeek-R1-Distill-Llama-8B": "deepseek3",
        "google/gemma-3-4b-it": "gemma",
        "Qwen/Qwen3-0.6B": "chatml",
        "HuggingFaceH4/zephyr-7b-beta": "zephyr",
    ]

    /// Renderings the family format does not reproduce, on purpose.
    static let knownDifferences: [String: String] = [
        // This synthetic template renders a "system" turn; real Gemma templates have none, and the Gemma format
        // folds the system text into the first user turn as Gemma 3's template does.
        "hf-tiny/gemma3 system_user": "synthetic system turn",
        "hf-tiny/gemma3 multi_turn_system": "synthetic system turn",
        // The template forgets "[INST]" on the first turn when there is no system message (a template bug).
        "TheBloke/FusionNet_34Bx2_MoE-AWQ single_user": "template bug",
        "TheBloke/FusionNet_34Bx2_MoE-AWQ multi_turn": "template bug",
    ]

    static func load(_ file: String) throws -> [TemplateFixture] {
        let data = try Data(contentsOf: TestSupport.fixture("chat/\(file)"))
        return try JSONDecoder().decode([TemplateFixture].self, from: data)
    }

    static func pinnedDay(_ text: String) throws -> Date {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        try #require(parts.count == 3)
        let components = DateComponents(calendar: Calendar(identifier: .gregorian), year: parts[0], month: parts[1],
                                        day: parts[2], hour: 12)
        return try #require(components.date)
    }

    @Test("every fixture template is recognised and rendered exactly as Jinja2 renders it",
          arguments: ["gguf.json", "hf-tiny.json", "public.json"])
    func rendersLikeJinja(file: String) throws {
        var compared = 0
        for fixture in try Self.load(file) where fixture.template != nil {
            let template = ChatTemplate(detectingFrom: fixture.template, bosToken: fixture.bos_token,
                                        eosToken: fixture.eos_token)
            #expect(template.warning == nil, "\(fixture.name)")
            #expect(template.family.rawValue == Self.expectedFamilies[fixture.name], "\(fixture.name)")
            let today = try Self.pinnedDay(fixture.today)
            for testCase in fixture.cases {
                // Jinja raised (the template refuses system messages); the family format folds them instead.
                guard let expected = testCase.expected else { continue }
                if Self.knownDifferences["\(fixture.name) \(testCase.messages_name)"] != nil { continue }
                let options = ChatRenderOptions(enableThinking: testCase.enable_thinking ?? true, today: today)
                let rendered = template.render(testCase.messages, addGenerationPrompt: testCase.add_generation_prompt,
                                               options: options)
                #expect(rendered == expected,
                        "\(fixture.name) / \(testCase.messages_name) gen=\(testCase.add_generation_prompt)")
                compared += 1
            }
        }
        #expect(compared > 0)
    }

    @Test("a model without a chat template falls back to ChatML with a warning")
    func missingTemplateFallsBack() throws {
        let gemma = try #require(try Self.load("gguf.json").first { $0.name == "gemma-3-270m-q4_k_m.gguf" })
        #expect(gemma.template == nil)
        let template = ChatTemplate(detectingFrom: gemma.template, bosToken: gemma.bos_token,
                                    eosToken: gemma.eos_token)
        #expect(template.family == .chatML)
        #expect(template.warning != nil)
        // The caller can pick the model's own format instead, still being told the template was missing.
        let chosen = ChatTemplate(detectingFrom: nil, fallback: .gemma)
        #expect(chosen.family == .gemma)
        #expect(chosen.warning != nil)
    }

    @Test("an unrecognised template falls back to ChatML with a warning")
    func unknownTemplateFallsBack() {
        let template = ChatTemplate(detectingFrom: "{% for m in messages %}{{ m['content'] }}{% endfor %}")
        #expect(template.family == .chatML)
        #expect(template.warning != nil)
        #expect(template.render([.user("Hi")]) == "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")
    }

    @Test("a family chosen by name renders like that family's real template")
    func namedFamilyMatchesDetected() throws {
        let fixtures = try Self.load("public.json")
        for (name, familyName) in [("google/gemma-3-4b-it", "gemma"),
                                   ("mistralai/Mistral-Large-Instruct-2411 (mistralai 'v7' template)", "mistral-v7"),
                                   ("teknium/OpenHermes-2.5-Mistral-7B", "chatml"), ("Llama-3", "llama3")] {
            let fixture = try #require(fixtures.first { $0.name == name })
            let named = try ChatTemplate(named: familyName, bosToken: fixture.bos_token, eosToken: fixture.eos_token)
            #expect(named.warning == nil)
            for testCase in fixture.cases where testCase.add_generation_prompt {
                guard let expected = testCase.expected else { continue }
                #expect(named.render(testCase.messages) == expected, "\(name) / \(testCase.messages_name)")
            }
        }
        #expect(throws: ChatTemplateError.self) { try ChatTemplate(named: "no-such-format") }
    }

    @Test("without the leading BOS for tokenizers that add it")
    func dropsLeadingBOS() throws {
        let fixture = try #require(try Self.load("public.json").first { $0.name == "google/gemma-3-4b-it" })
        let template = ChatTemplate(detectingFrom: fixture.template, bosToken: "<bos>", eosToken: "<eos>")
        let full = template.render([.user("Hi")])
        let bare = template.render([.user("Hi")], options: ChatRenderOptions(includeLeadingBOS: false))
        #expect(full.hasPrefix("<bos>"))
        #expect("<bos>" + bare == full)
    }
}
