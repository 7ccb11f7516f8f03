/// The version of the engine and of the `mastui` command, shown by `mastui --version`.
public enum MASKitVersion {
    public static let string = "0.1.0"
}
