import Foundation

/// The file the python tool runs: the reference's prelude with the resource limits and a lazy
/// sympy folded into single `exec` lines, so the model's code starts on line 11 as in the
/// reference and tracebacks name the lines it would expect.
enum PythonScript {
    static func source(code: String, settings: PythonToolSettings) -> String {
        """
        exec(\(literal(limits(settings))))
        import math
        import itertools
        import functools
        import fractions
        import statistics
        exec(\(literal(lazySympy)))



        \(code)

        """
    }

    /// Applied by the interpreter itself before any of the model's code runs: soft and hard limits
    /// alike, so the code cannot raise them again (the sandbox drops every capability).
    static func limits(_ settings: PythonToolSettings) -> String {
        let limits = [("RLIMIT_AS", settings.memoryBytes), ("RLIMIT_CPU", settings.effectiveCPUSeconds),
                      ("RLIMIT_NPROC", settings.maxProcesses), ("RLIMIT_FSIZE", settings.maxFileBytes),
                      ("RLIMIT_CORE", 0)]
        let pairs = limits.map { "(\"\($0.0)\", \($0.1))" }.joined(separator: ", ")
        return """
            import resource
            for name, value in (\(pairs)):
                limit = getattr(resource, name)
                hard = resource.getrlimit(limit)[1]
                value = value if hard == resource.RLIM_INFINITY else min(value, hard)
                resource.setrlimit(limit, (value, value))
            del resource, name, value, limit, hard
            """
    }

    /// `sp` is sympy (or None when it is not installed, as in the reference), imported on first
    /// use: importing it takes longer than most calls' own work.
    static let lazySympy = """
        def _mastui_sympy():
            import importlib.util, sys
            try:
                spec = importlib.util.find_spec("sympy")
            except Exception:
                return None
            if spec is None or spec.loader is None:
                return None
            spec.loader = importlib.util.LazyLoader(spec.loader)
            module = importlib.util.module_from_spec(spec)
            sys.modules["sympy"] = module
            spec.loader.exec_module(module)
            return module
        sp = _mastui_sympy()
        del _mastui_sympy
        """

    /// A one-line Python string literal holding `text` (JSON's string syntax is Python's here).
    private static func literal(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "''"
    }
}
