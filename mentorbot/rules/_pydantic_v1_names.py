"""Pydantic 1's names that MB104 reports, each with what pydantic 2 calls it."""

from __future__ import annotations

V1_CLASS_METHODS = {
    "parse_obj": "model_validate",
    "parse_raw": "model_validate_json",
    "parse_file": "model_validate_json",
    "from_orm": "model_validate",
    "update_forward_refs": "model_rebuild",
    "schema_json": "model_json_schema",
}
V1_FUNCTIONS = {"pydantic.parse_obj_as": "TypeAdapter(...).validate_python"}
V1_ATTRIBUTES = {"__fields__": "model_fields", "__fields_set__": "model_fields_set"}
V1_TYPE_HOOKS = {
    "__get_validators__": "__get_pydantic_core_schema__",
    "__modify_schema__": "__get_pydantic_json_schema__",
}
"""The methods a custom type (``PyObjectId(ObjectId)``) gave pydantic 1; pydantic 2 never calls
them, so the type is not validated at all."""
V1_INSTANCE_METHODS = {"dict": "model_dump", "json": "model_dump_json", "copy": "model_copy"}
V1_CONFIG_KEYS = {
    "orm_mode": "from_attributes",
    "allow_population_by_field_name": "populate_by_name",
    "schema_extra": "json_schema_extra",
    "anystr_strip_whitespace": "str_strip_whitespace",
    "allow_mutation": "frozen",
    "validate_all": "validate_default",
    "underscore_attrs_are_private": "(private attributes are the default)",
    "max_anystr_length": "str_max_length",
    "min_anystr_length": "str_min_length",
}
V1_FIELD_KEYWORDS = {
    "regex": "pattern",
    "min_items": "min_length",
    "max_items": "max_length",
    "const": "a Literal[...] type",
    "allow_mutation": "frozen",
    "env": "validation_alias",
}
