import Foundation

/// Opens a file in headless Chromium (Debian `chromium`): takes a screenshot,
/// dumps the DOM as the browser built it, and lists the network requests the
/// page made (from Chromium's net log, leaving out the browser's own
/// background requests, whose initiator is "not an origin").
struct HeadlessChromium {
  /// The browser, if installed.
  static let executable = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  /// What one page load gave.
  struct PageLoad {
    /// The screenshot's bytes (PNG).
    var screenshot: Data
    /// The DOM after loading.
    var dom: String
    /// URLs of requests the page made that are not `file:` URLs.
    var networkRequests: [String]
  }

  /// Loads `page` (a path) in a fresh profile.
  static func load(_ page: String) throws -> PageLoad {
    let work = FileManager.default.temporaryDirectory.appendingPathComponent(
      "triscale-chromium-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: work) }
    let common = [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--user-data-dir=\(work)/profile", "--window-size=1280,4000",
    ]
    let url = URL(fileURLWithPath: page).absoluteString
    _ = try run(common + ["--log-net-log=\(work)/net.json", "--screenshot=\(work)/shot.png", url])
    let dom = try run(common + ["--dump-dom", url])
    let log =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: work + "/net.json"))) as? [String: Any]
    return PageLoad(
      screenshot: try Data(contentsOf: URL(fileURLWithPath: work + "/shot.png")), dom: dom,
      networkRequests: pageRequests(inNetLog: log ?? [:]))
  }

  /// The non-file URLs of the requests started on behalf of a page in a net log.
  static func pageRequests(inNetLog log: [String: Any]) -> [String] {
    let constants = log["constants"] as? [String: Any]
    let types = constants?["logEventTypes"] as? [String: Int] ?? [:]
    guard let startJob = types["URL_REQUEST_START_JOB"] else {
      return ["(no URL_REQUEST_START_JOB in the net log)"]
    }
    let events = log["events"] as? [[String: Any]] ?? []
    return events.compactMap { event in
      guard event["type"] as? Int == startJob, let parameters = event["params"] as? [String: Any],
        let url = parameters["url"] as? String, !url.hasPrefix("file:"),
        parameters["initiator"] as? String != "not an origin"
      else { return nil }
      return url
    }
  }

  private static func run(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable ?? "/usr/bin/chromium")
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }
}
