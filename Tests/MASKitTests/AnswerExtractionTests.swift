import MASKit
import Testing

/// Answer reading per task against the reference behaviour the spec states (§8.4–8.6, including the
/// quirks it found by running the reference).
@Suite struct AnswerExtractionTests {
    @Test(arguments: [
        ("To answer a question, think it through.", "A"),   // keyword "answer" + the article "a"
        ("The correct option is (C)", nil),                  // "is" between keyword and letter
        (#"so the result is \boxed{C}"#, "C"),
        ("Reasoning...\nFinal Choice: (b)", "B"),
        ("D. Mitochondria", "D"),
        ("Apples are red.", nil),
    ] as [(String, String?)])
    func choiceLetters(_ text: String, _ expected: String?) {
        #expect(AnswerExtraction.choice(from: text) == expected)
        #expect(AnswerTask.choice.answer(in: text) == expected)
    }

    @Test(arguments: [
        ("Here:\n```python\ndef f():\n    return 1\n```\nDone.", "def f():\n    return 1"),
        ("<think>```python\nprint(1)\n```</think>No code.", nil),   // only inside a think block
        ("```py\nx = 1\n```", nil),                                 // a ```py fence does not count
        ("```PYTHON\npython\nx = 1\n```", "x = 1"),                 // a leading python line is dropped
        ("```python\n```", ""),                                     // an empty block is still a block
    ] as [(String, String?)])
    func codeBlocks(_ text: String, _ expected: String?) {
        #expect(AnswerExtraction.code(from: text) == expected)
        #expect(AnswerTask.code.answer(in: text) == expected)
    }

    @Test func mathIsTheBoxedOrFinalAnswer() {
        #expect(AnswerTask.math.answer(in: #"\boxed{\frac{1}{2}} and later \boxed{3}"#) == "3")
        #expect(AnswerTask.math.answer(in: #"so \boxed{\frac{1}{2}}."#) == #"\frac{1}{2}"#)
        #expect(AnswerTask.math.answer(in: "final answer: 12") == "12")
        #expect(AnswerTask.math.answer(in: "no answer here") == nil)
    }
}
