"""Demo data is built by each app's `demo.py` (a `seed_demo(ctx)` function), in INSTALLED_APPS order.

`ctx` carries a seeded random generator, today's date and what earlier apps built (ctx.city, ...),
so every app can add its capability to the same believable city.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.utils import timezone


@dataclass
class DemoContext:
    rng: random.Random
    today: date
    stdout: object = None
    data: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None

    def log(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)


def demo_steps():
    for config in apps.get_app_configs():
        if not config.name.startswith("dwgk."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.demo":
                continue
            raise
        yield config.label, module.seed_demo


def seed_demo(stdout=None, seed: int = 2026) -> DemoContext:
    ctx = DemoContext(rng=random.Random(seed), today=timezone.localdate(), stdout=stdout)
    for label, step in demo_steps():
        ctx.log(f"演示数据：{label}")
        step(ctx)
    return ctx
