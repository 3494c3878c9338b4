extension Scenario {
  /// The three scenarios of the study, with the figures they assume and where those come
  /// from: A real-time video on an edge device, B a battery-powered IoT sensor, C a mobile app
  /// that may cascade to the cloud.
  public static let builtIn: [Scenario] = [realTimeVideo, iotSensorNetwork, mobileCascade]

  /// A: classify every frame of a 30 fps camera on a Raspberry Pi 4, as accurately as possible.
  public static let realTimeVideo: Scenario = {
    var constraints = Constraints()
    constraints.minFPS = 30
    return Scenario(
      name: "real-time-video",
      description:
        "every frame of a 30 fps camera classified on the edge device, most accurate model",
      device: "raspberry-pi-4", objective: .accuracy, constraints: constraints)
  }()

  /// B: a coin-cell sensor node (an STM32L4-class microcontroller with a Bluetooth LE radio)
  /// classifying once a minute for at least a year, either on the microcontroller or by sending
  /// the image over the radio to a gateway and the cloud.
  public static let iotSensorNetwork: Scenario = {
    var constraints = Constraints()
    constraints.minBatteryDays = 365
    constraints.minAccuracy = 0.5
    return Scenario(
      name: "iot-sensor-network",
      description:
        "a coin-cell node classifying one image a minute for a year or more, longest battery life",
      device: "stm32l4r5", objective: .batteryLife, constraints: constraints,
      workload: Workload(
        inferencesPerHour: 60, batteryMWh: 705, sleepPowerMW: 0.005,
        source:
          "CR2032 235 mAh at 3.0 V (Energizer CR2032 datasheet); sleep assumed 5 µW (1.7 µA at 3 V: "
          + "microcontrollers in stop mode with RTC and Bluetooth LE radios asleep draw single-digit "
          + "µA, e.g. 1.5 µA for the nRF52840)"),
      offload: Offload(
        profile: "cloud-t4", networkLatencyMs: 150, radioEnergyMJ: 0.75, bytesPerInput: 3_072,
        source:
          "estimated: 3,072 bytes over Bluetooth LE 1M PHY with an assumed 2× protocol overhead, "
          + "49 ms of radio at an assumed 5 mA TX current (0 dBm, 3 V; 4.8 mA for the nRF52840) ≈ "
          + "0.75 mJ; 150 ms assumed for the gateway-to-cloud round trip"))
  }()

  /// C: a phone app that wants cloud accuracy but answers on the device when it can: at most
  /// 35% of images sent to the cloud, mean latency within 100 ms, and at most 20 mJ of the
  /// phone's battery per image.
  public static let mobileCascade: Scenario = {
    var constraints = Constraints()
    constraints.maxLatencyMs = 100
    constraints.maxOffloadFraction = 0.35
    constraints.maxEnergyMJ = 20
    return Scenario(
      name: "mobile-app-cascade",
      description:
        "a phone-class app (the Cortex-A72 of the Raspberry Pi 4 stands in for the phone) that sends "
        + "at most 35% of images to the cloud, mean latency 100 ms, at most 20 mJ per image, most "
        + "accurate",
      device: "raspberry-pi-4", objective: .accuracy, constraints: constraints,
      offload: Offload(
        profile: "cloud-t4", networkLatencyMs: 60, radioEnergyMJ: 30, bytesPerInput: 3_072,
        source:
          "assumed: a 60 ms mobile round trip and 30 mJ for the radio to send 3 KB and wait for "
          + "the answer (about 0.5 W of LTE/Wi-Fi radio power for 60 ms)"),
      cascade: true)
  }()
}
