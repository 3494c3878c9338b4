#!/usr/bin/env bash
# Creates .venv-prometheus/ at the repository root with a pinned prometheus-client, whose
# text-format parser reads `triscale serve`'s /metrics in Tests/TriscaleServeTests. Idempotent.
set -euo pipefail
exec "$(dirname "$0")/pinned-venv.sh" setup-prometheus .venv-prometheus prometheus-client 0.21.1 \
  "from prometheus_client.parser import text_string_to_metric_families"
