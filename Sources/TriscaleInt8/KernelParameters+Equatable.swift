import CTriscaleKernels

// The C params structs hold only int32 fields (no padding, no pointers), so
// two are equal exactly when their bytes are.

extension ts_conv_params: @retroactive Equatable {
  /// Field-by-field equality.
  public static func == (lhs: Self, rhs: Self) -> Bool { bytesEqual(lhs, rhs) }
}

extension ts_fully_connected_params: @retroactive Equatable {
  /// Field-by-field equality.
  public static func == (lhs: Self, rhs: Self) -> Bool { bytesEqual(lhs, rhs) }
}

extension ts_add_params: @retroactive Equatable {
  /// Field-by-field equality.
  public static func == (lhs: Self, rhs: Self) -> Bool { bytesEqual(lhs, rhs) }
}

extension ts_pool_params: @retroactive Equatable {
  /// Field-by-field equality.
  public static func == (lhs: Self, rhs: Self) -> Bool { bytesEqual(lhs, rhs) }
}

/// Whether two values of a padding-free plain C struct have the same bytes.
private func bytesEqual<Value>(_ lhs: Value, _ rhs: Value) -> Bool {
  withUnsafeBytes(of: lhs) { left in withUnsafeBytes(of: rhs) { left.elementsEqual($0) } }
}
