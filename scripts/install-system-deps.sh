#!/usr/bin/env bash
# Installs the Debian packages Triscale builds against, when they are missing:
# oneDNN (float kernels), Open MPI (data-parallel training), libpng and
# libjpeg-turbo (folder-of-images datasets), and for the microcontroller tier
# the Arm bare-metal toolchain with newlib and QEMU (`triscale deploy mcu`,
# Tests/TriscaleDeployTests/MCUProjectTests.swift, scripts/mcu-run.sh), and Chromium, which
# opens the HTML trade-off report headless in Tests/TriscaleAnalysisTests/ReportBrowserTests.swift.
set -euo pipefail
packages=(libdnnl-dev libopenmpi-dev openmpi-bin libpng-dev libjpeg62-turbo-dev
  gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm make chromium wrk)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "triscale: installing ${missing[*]} (apt-get)"
  sudo_prefix=""
  [[ $(id -u) -ne 0 ]] && sudo_prefix="sudo"
  $sudo_prefix apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_prefix apt-get install -y -qq "${missing[@]}" >/dev/null
fi
