"""The vocabulary of a spec diff: change kinds, who uses a schema, and how bad each change is.

Severity depends on direction. A client *sends* request schemas and *reads* response schemas, so
the same edit can break one and not the other: a new required property breaks callers of a
request, while in a response it only gives readers more. `RULES` is the single table of those
decisions; everything else in `codegen.diff*` only detects changes and asks `classify`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.Enum):
    """How a change affects code written against the generated client."""

    BREAKING = "breaking"
    DEPRECATION = "deprecation"
    NON_BREAKING = "non-breaking"

    @property
    def rank(self) -> int:
        return {"breaking": 2, "deprecation": 1, "non-breaking": 0}[self.value]


class Usage(enum.Flag):
    """Where a schema is reachable from: operations' requests, their responses, or neither."""

    NONE = 0
    REQUEST = 1
    RESPONSE = 2

    def describe(self) -> str:
        if self is Usage.NONE:
            return "not reachable from an operation; judged as request and response"
        parts = [name for flag, name in _USAGE_NAMES if self.value & flag.value]
        return " and ".join(parts)


_USAGE_NAMES = ((Usage.REQUEST, "request"), (Usage.RESPONSE, "response"))


class Kind(enum.Enum):
    """One detectable difference between two specs."""

    OPERATION_ADDED = "operation added"
    OPERATION_REMOVED = "operation removed"
    OPERATION_ID_CHANGED = "operationId changed"
    METHOD_RENAMED = "client method renamed"
    PARAMETER_ADDED_REQUIRED = "required parameter added"
    PARAMETER_ADDED_OPTIONAL = "optional parameter added"
    PARAMETER_REMOVED = "parameter removed"
    BODY_ADDED = "request body added"
    BODY_REMOVED = "request body removed"
    CONTENT_TYPE_ADDED = "content type added"
    CONTENT_TYPE_REMOVED = "content type removed"
    RESPONSE_ADDED = "success response added"
    RESPONSE_REMOVED = "success response removed"
    SCHEMA_ADDED = "schema added"
    SCHEMA_REMOVED = "schema removed"
    PROPERTY_ADDED_REQUIRED = "required property added"
    PROPERTY_ADDED_OPTIONAL = "optional property added"
    PROPERTY_REMOVED = "property removed"
    BECAME_REQUIRED = "became required"
    BECAME_OPTIONAL = "became optional"
    TYPE_WIDENED = "type widened"
    TYPE_NARROWED = "type narrowed"
    TYPE_CHANGED = "type changed"
    NULLABLE_ADDED = "became nullable"
    NULLABLE_REMOVED = "no longer nullable"
    ENUM_VALUE_ADDED = "enum value added"
    ENUM_VALUE_REMOVED = "enum value removed"
    OPEN_ENUM_VALUE_REMOVED = "suggested value removed"
    VARIANT_ADDED = "union variant added"
    VARIANT_REMOVED = "union variant removed"
    BASE_ADDED = "allOf base added"
    BASE_ADDED_REQUIRED = "allOf base with required properties added"
    BASE_REMOVED = "allOf base removed"
    DEPRECATED = "deprecated"
    UNDEPRECATED = "no longer deprecated"


B, D, N = Severity.BREAKING, Severity.DEPRECATION, Severity.NON_BREAKING

# Kind -> (severity when the client sends it, severity when the client reads it).
RULES: dict[Kind, tuple[Severity, Severity]] = {
    Kind.OPERATION_ADDED: (N, N),
    Kind.OPERATION_REMOVED: (B, B),
    Kind.OPERATION_ID_CHANGED: (N, N),  # users see it only if the method name changes
    Kind.METHOD_RENAMED: (B, B),
    Kind.PARAMETER_ADDED_REQUIRED: (B, B),
    Kind.PARAMETER_ADDED_OPTIONAL: (N, N),
    Kind.PARAMETER_REMOVED: (B, B),  # callers passing it get a TypeError
    Kind.BODY_ADDED: (N, N),  # a required body is judged by PARAMETER_ADDED_REQUIRED
    Kind.BODY_REMOVED: (B, B),
    Kind.CONTENT_TYPE_ADDED: (N, N),
    Kind.CONTENT_TYPE_REMOVED: (B, B),
    Kind.RESPONSE_ADDED: (N, N),
    Kind.RESPONSE_REMOVED: (B, B),
    Kind.SCHEMA_ADDED: (N, N),
    Kind.SCHEMA_REMOVED: (B, B),  # a public model class disappears
    Kind.PROPERTY_ADDED_REQUIRED: (B, N),
    Kind.PROPERTY_ADDED_OPTIONAL: (N, N),
    Kind.PROPERTY_REMOVED: (B, B),  # readers lose the attribute, senders the keyword
    Kind.BECAME_REQUIRED: (B, N),
    Kind.BECAME_OPTIONAL: (N, B),  # readers may now get None
    Kind.TYPE_WIDENED: (N, B),  # readers may get a value their code does not handle
    Kind.TYPE_NARROWED: (B, N),  # senders' values may be rejected
    Kind.TYPE_CHANGED: (B, B),
    Kind.NULLABLE_ADDED: (N, B),
    Kind.NULLABLE_REMOVED: (B, N),
    Kind.ENUM_VALUE_ADDED: (N, N),  # our parser keeps unknown enum values in responses
    Kind.ENUM_VALUE_REMOVED: (B, N),
    Kind.OPEN_ENUM_VALUE_REMOVED: (N, N),  # a free-form string is still accepted
    Kind.VARIANT_ADDED: (N, N),  # like an enum value: unknown variants are tolerated
    Kind.VARIANT_REMOVED: (B, N),
    Kind.BASE_ADDED: (N, N),
    Kind.BASE_ADDED_REQUIRED: (B, N),
    Kind.BASE_REMOVED: (B, B),
    Kind.DEPRECATED: (D, D),
    Kind.UNDEPRECATED: (N, N),
}


def classify(kind: Kind, usage: Usage) -> Severity:
    """The severity of `kind` for a schema used as `usage`; unknown usage gets the worse side."""
    sent, read = RULES[kind]
    if usage == Usage.REQUEST:
        return sent
    if usage == Usage.RESPONSE:
        return read
    return max(sent, read, key=lambda s: s.rank)


@dataclass(frozen=True)
class Change:
    """One classified difference. `subject` is `METHOD /path` or a schema key."""

    subject: str
    location: str
    kind: Kind
    severity: Severity
    detail: str = ""

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.subject, self.location, self.kind.value, self.detail)


@dataclass
class DiffReport:
    """Every change between two specs, grouped as the Markdown report shows them."""

    old_label: str
    new_label: str
    operations_added: list[str] = field(default_factory=list)
    operations_removed: list[str] = field(default_factory=list)
    operation_changes: list[Change] = field(default_factory=list)
    schemas_added: list[str] = field(default_factory=list)
    schemas_removed: list[str] = field(default_factory=list)
    schema_changes: list[Change] = field(default_factory=list)
    schema_usage: dict[str, Usage] = field(default_factory=dict)
    # "METHOD /path" -> operationId, for the effect on client method names.
    old_operations: dict[str, str] = field(default_factory=dict)
    new_operations: dict[str, str] = field(default_factory=dict)
    # "METHOD /path" -> client method name (or operationId when naming is unavailable).
    old_methods: dict[str, str] = field(default_factory=dict)
    new_methods: dict[str, str] = field(default_factory=dict)
    naming_note: str = ""

    def all_changes(self) -> list[Change]:
        """Every change, including one per added/removed operation and schema."""
        changes = list(self.operation_changes) + list(self.schema_changes)
        for op in self.operations_added:
            changes.append(Change(op, "", Kind.OPERATION_ADDED, Severity.NON_BREAKING))
        for op in self.operations_removed:
            changes.append(Change(op, "", Kind.OPERATION_REMOVED, Severity.BREAKING))
        for name in self.schemas_added:
            changes.append(Change(name, "", Kind.SCHEMA_ADDED, Severity.NON_BREAKING))
        for name in self.schemas_removed:
            changes.append(Change(name, "", Kind.SCHEMA_REMOVED, Severity.BREAKING))
        return sorted(changes, key=Change.sort_key)

    def count(self, severity: Severity) -> int:
        return sum(1 for c in self.all_changes() if c.severity is severity)

    @property
    def has_breaking(self) -> bool:
        return self.count(Severity.BREAKING) > 0
