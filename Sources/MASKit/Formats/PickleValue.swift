/// The only callables a checkpoint pickle may name. Anything else is refused at the GLOBAL opcode.
enum PickleGlobal: String {
    case orderedDict = "collections.OrderedDict"
    case rebuildTensorV2 = "torch._utils._rebuild_tensor_v2"
    case rebuildTensor = "torch._utils._rebuild_tensor"
    case bfloat16Storage = "torch.BFloat16Storage"
    case halfStorage = "torch.HalfStorage"
    case floatStorage = "torch.FloatStorage"

    /// The element type of a legacy storage class; nil for the other globals.
    var storageDType: TensorDType? {
        switch self {
        case .bfloat16Storage: .bf16
        case .halfStorage: .f16
        case .floatStorage: .f32
        case .orderedDict, .rebuildTensorV2, .rebuildTensor: nil
        }
    }
}

/// A storage named by a persistent id: its element type, the key of its `data/<key>` entry and its length.
struct PickledStorage {
    let dtype: TensorDType
    let key: String
    let elementCount: Int
}

/// A tensor rebuilt by `_rebuild_tensor(_v2)`: a view into a storage.
struct PickledTensor {
    let storage: PickledStorage
    let storageOffset: Int
    let shape: [Int]
    let strides: [Int]
}

/// A value on the unpickler's stack. Tuples, lists and dicts live in the unpickler's arena and are
/// referred to by index, so shared and self-referencing containers need no reference counting.
enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case container(Int)
    case global(PickleGlobal)
    case storage(PickledStorage)
    case tensor(PickledTensor)

    var kindName: String {
        switch self {
        case .none: "None"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .container: "container"
        case .global(let global): global.rawValue
        case .storage: "storage"
        case .tensor: "tensor"
        }
    }
}

/// A container in the arena.
enum PickleContainer {
    case tuple([PickleValue])
    case list([PickleValue])
    case dict([(key: PickleValue, value: PickleValue)])
}
