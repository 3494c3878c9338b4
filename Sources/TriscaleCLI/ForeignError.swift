import Foundation
import TriscaleCore

/// A one-line message, in Triscale's words, for an error that is not a
/// ``TriscaleError`` and not the argument parser's — a Foundation file error
/// or a Swift decoding error that a library let through — so no raw
/// `NSCocoaErrorDomain` or `DecodingError` text reaches the user.
enum ForeignError {
  /// The message for `error`, or nil when it is the argument parser's own.
  static func message(for error: Error) -> String? {
    if let decoding = error as? DecodingError {
      return
        "a file could not be decoded: \(DecodingProblem(decoding, in: nil).description). Check the file named by the command's arguments, or re-create it with the command that writes it"
    }
    let system = error as NSError
    guard [NSCocoaErrorDomain, NSPOSIXErrorDomain].contains(system.domain) else { return nil }
    let path =
      system.userInfo[NSFilePathErrorKey] as? String
      ?? (system.userInfo[NSURLErrorKey] as? URL)?.path
    let underlying = system.userInfo[NSUnderlyingErrorKey] as? NSError
    let posix = system.domain == NSPOSIXErrorDomain ? system : underlying
    let reason = posix.map { String(cString: strerror(Int32($0.code))) } ?? "it failed"
    return
      "\(path ?? "a file"): the operating system refused a file operation (\(reason)). Check the path, its permissions and the free disk space"
  }
}
