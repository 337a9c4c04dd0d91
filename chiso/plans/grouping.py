"""Tasks of a plan grouped under their index components, in framework order.

A task here is anything with `component` (a `Component` with its parents), `status` and
`manual_percent`: a `Task`, or the plan page's lighter `TaskLine`.
"""

from dataclasses import dataclass, field

from django.utils.safestring import mark_safe

from chiso.frameworks.models import Component, index_rank

from .models import Task
from .rollup import is_complete, mean_completion


@dataclass
class ComponentGroup:
    component: Component | None
    tasks: list[Task] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(is_complete(task) for task in self.tasks)

    @property
    def percent(self) -> int:
        return mean_completion(self.tasks)

    @property
    def rows(self) -> str:
        """The tasks' rows as one piece of HTML, each task's `row` (safe HTML, see the plan
        page)."""
        return mark_safe("".join(task.row for task in self.tasks))  # each row is safe HTML


def group_by_component(tasks: list[Task]) -> list[ComponentGroup]:
    """One group per top-level component (field) in framework order; tasks under a deeper
    component join their field's group; tasks without one come last."""
    groups: dict[int | None, ComponentGroup] = {}
    for task in tasks:
        top = _top_component(task.component)
        key = top.pk if top else None
        groups.setdefault(key, ComponentGroup(top)).tasks.append(task)
    return sorted(
        groups.values(),
        key=lambda g: (
            g.component is None,
            index_rank(g.component.framework.code) if g.component else 0,
            g.component.order if g.component else 0,
        ),
    )


def _top_component(component: Component | None) -> Component | None:
    while component is not None and component.parent_id is not None:
        component = component.parent
    return component
