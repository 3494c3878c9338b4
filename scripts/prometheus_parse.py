"""Parses a Prometheus text-format file with prometheus-client's parser and prints JSON:
one entry per metric family with its type and samples (name, labels, value).

Usage: prometheus_parse.py METRICS.txt   (in the venv scripts/setup-prometheus.sh makes)
"""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

families = []
for family in text_string_to_metric_families(open(sys.argv[1]).read()):
    families.append({"name": family.name, "type": family.type, "samples": [
        {"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples]})
json.dump(families, sys.stdout)
