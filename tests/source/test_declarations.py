"""Every kind's declared schema: a valid cerberus schema as written, and one JSON Schema for editors."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
import yaml
from cerberus import Validator
from cerberus.schema import DefinitionSchema
from helpers import FIXTURES, ROOT

from generator import kinds
from generator.commands.schema import schema_text

BUNDLED = sorted([*(ROOT / "plans").glob("*.yaml"), *(ROOT / "reports").glob("*.yaml"),
                  *(ROOT / "templates" / "de-cuong").glob("*.yaml"), *(FIXTURES / "plans").glob("*.yaml"),
                  *(FIXTURES / "tracking").glob("*.yaml")])


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.key)
def test_each_declared_schema_is_valid_cerberus_already_in_canonical_form(kind):
    """Run time takes the schemas as they are (no re-check in every process): check them once here."""
    schema = kind.schema.cerberus()
    DefinitionSchema(Validator(), copy.deepcopy(schema))  # raises SchemaError when invalid
    assert DefinitionSchema.expand(copy.deepcopy(schema)) == schema


def test_the_committed_json_schema_is_current():
    assert (ROOT / "schema" / "ke-hoach.schema.json").read_text(encoding="utf-8") == schema_text()


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_every_bundled_file_passes_the_json_schema_an_editor_uses(path):
    schema = json.loads(schema_text())
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    jsonschema.validate(data, schema)


@pytest.mark.parametrize("name, extra", [
    ("plans/kiem-tra-cchc-2026.yaml", {"nhiem_vu_cu_the": []}),
    ("reports/nam-do-son-2026.yaml", {"so_lieu_khac": 1}),
    ("templates/de-cuong/kiem-tra-cchc-2026.yaml", {"nguoi_ky": {}}),
    ("plans/nam-do-son-2026.yaml", {"de_cuong": "x"}),
])
def test_the_json_schema_refuses_a_key_of_another_kind(name, extra):
    schema = json.loads(schema_text())
    data = json.loads(json.dumps(yaml.safe_load((ROOT / name).read_text(encoding="utf-8")), default=str))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, **extra}, schema)
