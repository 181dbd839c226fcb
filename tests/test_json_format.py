"""``--format json``: exactly the fields the issue names, with their values."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from imagetag_lint.cli import main

FIELDS = [
    "code",
    "name",
    "severity",
    "message",
    "file",
    "line",
    "column",
    "end_line",
    "end_column",
    "pointer",
    "document",
    "server",
    "fix",
]

POLICY = (
    'spec.referencePolicy.type: "local" is not valid: valid values are "Source", "Local"'
    ' (did you mean "Local"?)'
)

# A ConfigMap (document 0, skipped), an empty document (1), then the ImageTag (2).
TEXT = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
---
---
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata:
  name: app:v1
spec:
  name: v1
  referencePolicy: {type: local}
  from: {kind: DockerImage, name: quay.io/org/app}
"""


def test_json_findings_have_exactly_the_documented_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tags.yaml"
    path.write_text(TEXT, encoding="utf-8")
    assert main([str(path), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert [list(finding) for finding in findings] == [FIELDS, FIELDS]
    assert TEXT[183:188] == "local"
    assert findings == [
        {
            "code": "ITL201",
            "name": "reference-policy-type",
            "severity": "error",
            "message": POLICY,
            "file": str(path),
            "line": 12,
            "column": 27,
            "end_line": 12,
            "end_column": 32,
            "pointer": "/spec/referencePolicy/type",
            "document": 2,
            "server": "C10",
            # Offsets count characters from the start of the file: "local" on line 12.
            "fix": {
                "title": 'replace "local" with "Local"',
                "safe": True,
                "edits": [{"start": 183, "end": 188, "text": "Local"}],
            },
        },
        {
            "code": "ITL320",
            "name": "mutable-image-tag",
            "severity": "warning",
            "message": "spec.from.name: has no tag, so it means the mutable ':latest':"
            " pin it by digest (@sha256:...) or set importPolicy.scheduled: true",
            "file": str(path),
            "line": 13,
            "column": 35,
            "end_line": 13,
            "end_column": 50,
            "pointer": "/spec/from/name",
            "document": 2,
            "server": None,
            "fix": None,
        },
    ]


def test_clean_input_is_an_empty_json_array(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(TEXT.replace("local", "Local").replace("org/app}", "org/app:1.0}"), "utf-8")
    assert main([str(path), "--format", "json"]) == 0
    assert capsys.readouterr().out == "[]\n"


def test_document_is_a_0_based_index_and_human_text_counts_from_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tags.yaml"
    path.write_text(TEXT, encoding="utf-8")
    args = [str(path), "--select", "ITL201"]
    assert main([*args, "--format", "json"]) == 1
    assert [finding["document"] for finding in json.loads(capsys.readouterr().out)] == [2]
    assert main([*args, "--format", "sarif"]) == 1
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert [result["properties"]["document"] for result in results] == [2]
    assert main([*args, "--format", "junit"]) == 1
    root = ET.fromstring(capsys.readouterr().out.split("\n", 1)[1])
    cases = root.findall("testsuite/testcase")
    assert [case.get("name") for case in cases] == ["document 1", "document 2", "document 3"]
    failed = [case.get("name") for case in cases if case.find("failure") is not None]
    assert failed == ["document 3"]
