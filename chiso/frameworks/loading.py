"""Read framework files (one JSON file per index and year) and load them into the database."""

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from django.db import models, transaction

from chiso.vietnamese.text import nfc

from .models import Component, ComponentLevel, Framework

DATA_DIR = Path(__file__).resolve().parent / "data"

COMPONENT_KEYS = frozenset({"code", "name", "max_points", "description", "components"})
FRAMEWORK_KEYS = COMPONENT_KEYS | {"short_name", "year", "version", "legal_basis"}
MAX_DEPTH = int(max(ComponentLevel))

logger = logging.getLogger(__name__)


class FrameworkFileError(Exception):
    """A framework file that cannot be loaded; the message names the file and the bad item."""


@dataclass(frozen=True)
class ComponentSpec:
    code: str
    name: str
    max_points: Decimal | None = None
    description: str = ""
    children: tuple["ComponentSpec", ...] = ()


@dataclass(frozen=True)
class FrameworkSpec:
    source: str
    code: str
    name: str
    year: int
    short_name: str = ""
    version: str = ""
    legal_basis: str = ""
    max_points: Decimal | None = None
    description: str = ""
    components: tuple[ComponentSpec, ...] = ()

    def walk(self) -> Iterator[tuple[ComponentSpec, ComponentSpec | None, int]]:
        """Every component in file order (parents first), with its parent and its level."""
        stack: list[tuple[ComponentSpec, ComponentSpec | None, int]] = [
            (item, None, 1) for item in reversed(self.components)
        ]
        while stack:
            item, parent, level = stack.pop()
            yield item, parent, level
            stack.extend((child, item, level + 1) for child in reversed(item.children))

    @property
    def codes(self) -> set[str]:
        return {item.code for item, _parent, _level in self.walk()}


def read_framework_file(path: Path | str) -> FrameworkSpec:
    """Parse and check one framework file; raises FrameworkFileError on the first problem."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except OSError as error:
        raise FrameworkFileError(f"{path.name}: cannot be read: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise FrameworkFileError(f"{path.name}: is not UTF-8 text") from error
    except json.JSONDecodeError as error:
        raise FrameworkFileError(
            f"{path.name}: line {error.lineno}, column {error.colno}: invalid JSON: {error.msg}"
        ) from error
    return _FileParser(path.name).framework(data)


def read_framework_files(paths: Iterable[Path | str]) -> list[FrameworkSpec]:
    """Parse every file; two files for the same index and year are an error."""
    specs: dict[tuple[str, int], FrameworkSpec] = {}
    for path in paths:
        spec = read_framework_file(path)
        other = specs.setdefault((spec.code, spec.year), spec)
        if other is not spec:
            raise FrameworkFileError(
                f"{spec.source}: {spec.code} {spec.year} is already in {other.source}"
            )
    return list(specs.values())


def read_builtin_frameworks(years: Iterable[int] | None = None) -> list[FrameworkSpec]:
    """The frameworks shipped in data/, optionally only those of the given years."""
    specs = read_framework_files(sorted(DATA_DIR.glob("*.json")))
    if years is None:
        return specs
    wanted = set(years)
    return [spec for spec in specs if spec.year in wanted]


def load_builtin_frameworks(years: Iterable[int] | None = None) -> list[Framework]:
    """Load the shipped frameworks, all in one transaction."""
    specs = read_builtin_frameworks(years)
    with transaction.atomic():
        return [load_framework(spec) for spec in specs]


def load_framework(spec: FrameworkSpec) -> Framework:
    """Create or update the framework and its component tree, matching components by code.

    Rows are written only where something changed. Components no longer in the spec are
    deleted, except those a task refers to (and their ancestors): those stay, are logged, and
    `kept_components` lists them.
    """
    with transaction.atomic():
        values = {
            "name": spec.name,
            "short_name": spec.short_name,
            "version": spec.version,
            "legal_basis": spec.legal_basis,
            "max_points": spec.max_points,
            "description": spec.description,
        }
        framework, _created = Framework.objects.get_or_create(
            code=spec.code, year=spec.year, defaults=values
        )
        _save_changed(framework, values)
        existing = {component.code: component for component in framework.components.all()}
        loaded: dict[str, Component] = {}
        for order, (item, parent, level) in enumerate(spec.walk(), start=1):
            component = existing.get(item.code) or Component(framework=framework, code=item.code)
            _save_changed(
                component,
                {
                    "parent_id": loaded[parent.code].pk if parent else None,
                    "name": item.name,
                    "level": level,
                    "max_points": item.max_points,
                    "order": order,
                    "description": item.description,
                },
            )
            loaded[item.code] = component
        _delete_stale(framework, [c for code, c in existing.items() if code not in loaded])
    return framework


def kept_components(framework: Framework, spec: FrameworkSpec) -> models.QuerySet[Component]:
    """After loading: the framework's components that the spec no longer lists."""
    return framework.components.exclude(code__in=spec.codes)


def _save_changed(instance: models.Model, values: dict[str, Any]) -> None:
    """Set the values and save a new row, or only the changed fields of an existing one."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if instance.pk is None:
        instance.save()
    elif changed:
        instance.save(update_fields=changed)


def _delete_stale(framework: Framework, stale: list[Component]) -> None:
    """Delete components dropped from the file unless a task refers to them or to one below."""
    if not stale:
        return
    by_pk = {component.pk: component for component in stale}
    referenced = Component.objects.filter(pk__in=by_pk, tasks__isnull=False).values_list(
        "pk", flat=True
    )
    keep: set[int] = set()
    for pk in referenced:
        # Deleting a parent cascades to its children, so a kept component keeps its ancestors.
        while pk in by_pk and pk not in keep:
            keep.add(pk)
            pk = by_pk[pk].parent_id
    Component.objects.filter(pk__in=by_pk.keys() - keep).delete()
    if keep:
        logger.warning(
            "%s: kept %s, no longer in the file but referred to by tasks",
            framework,
            ", ".join(sorted(by_pk[pk].code for pk in keep)),
        )


class _FileParser:
    """Turns the decoded JSON of one file into a FrameworkSpec, checking it as it goes."""

    def __init__(self, source: str):
        self.source = source
        self.seen: set[str] = set()

    def fail(self, where: str, message: str) -> NoReturn:
        raise FrameworkFileError(
            f"{self.source}: {where}: {message}" if where else f"{self.source}: {message}"
        )

    def framework(self, data: Any) -> FrameworkSpec:
        self.check_object(data, "", FRAMEWORK_KEYS)
        code = self.text(data, "", "code", Framework, required=True)
        name = self.text(data, "", "name", Framework, required=True)
        year = self.year(data)
        max_points = self.points(data, "")
        components = self.children(data, "", code, level=1)
        self.check_sum("", max_points, components)
        return FrameworkSpec(
            source=self.source,
            code=code,
            name=name,
            year=year,
            short_name=self.text(data, "", "short_name", Framework),
            version=self.text(data, "", "version", Framework),
            legal_basis=self.text(data, "", "legal_basis", Framework),
            max_points=max_points,
            description=self.text(data, "", "description", Framework),
            components=components,
        )

    def component(self, data: Any, where: str, parent_code: str, level: int) -> ComponentSpec:
        self.check_object(data, where, COMPONENT_KEYS)
        code = self.text(data, where, "code", Component, required=True)
        name = self.text(data, where, "name", Component, required=True)
        if not code.startswith(f"{parent_code}."):
            self.fail(where, f'code "{code}" does not start with "{parent_code}."')
        if code in self.seen:
            self.fail(where, f'duplicate code "{code}"')
        self.seen.add(code)
        max_points = self.points(data, where)
        children = self.children(data, where, code, level + 1)
        self.check_sum(where, max_points, children)
        return ComponentSpec(
            code=code,
            name=name,
            max_points=max_points,
            description=self.text(data, where, "description", Component),
            children=children,
        )

    def children(
        self, data: dict, where: str, parent_code: str, level: int
    ) -> tuple[ComponentSpec, ...]:
        items = data.get("components", [])
        if not isinstance(items, list):
            self.fail(where, '"components" must be a list')
        path = f"{where}.components" if where else "components"
        if items and level > MAX_DEPTH:
            self.fail(f"{path}[0]", f"too deep: at most {MAX_DEPTH} levels of components")
        return tuple(
            self.component(item, f"{path}[{index}]", parent_code, level)
            for index, item in enumerate(items)
        )

    def check_object(self, data: Any, where: str, keys: frozenset[str]) -> None:
        if not isinstance(data, dict):
            self.fail(where, "must be a JSON object")
        for key in data:
            if key not in keys:
                self.fail(where, f'unknown key "{key}"')

    def text(
        self, data: dict, where: str, key: str, model: type[models.Model], required: bool = False
    ) -> str:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            self.fail(where, f'"{key}" must be text')
        value = nfc(value or "")
        if required and not value:
            self.fail(where, f'"{key}" is missing')
        max_length = model._meta.get_field(key).max_length
        if max_length and len(value) > max_length:
            self.fail(where, f'"{key}" is longer than {max_length} characters')
        return value

    def year(self, data: dict) -> int:
        value = data.get("year")
        if value is None:
            self.fail("", '"year" is missing')
        if isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2100:
            self.fail("", f'"year" must be a year such as 2025, not {value}')
        return value

    def points(self, data: dict, where: str) -> Decimal | None:
        value = data.get("max_points")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            shown = json.dumps(value, ensure_ascii=False)
            self.fail(where, f'"max_points" is not a number: {shown}')
        field = Component._meta.get_field("max_points")
        limit = Decimal(10) ** (field.max_digits - field.decimal_places)
        points = Decimal(value)
        if not 0 <= points < limit or points != points.quantize(
            Decimal(1).scaleb(-field.decimal_places)
        ):
            self.fail(
                where,
                f'"max_points" must be from 0 to below {limit} with at most '
                f"{field.decimal_places} decimals, not {value}",
            )
        return points

    def check_sum(
        self, where: str, max_points: Decimal | None, children: tuple[ComponentSpec, ...]
    ) -> None:
        if max_points is None:
            return
        total = sum((c.max_points for c in children if c.max_points is not None), Decimal(0))
        if total > max_points:
            self.fail(
                where,
                f"the components' max_points add up to {total}, "
                f"more than its max_points {max_points}",
            )
