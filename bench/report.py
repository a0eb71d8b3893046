"""The Markdown table, bench/RESULTS.md, bench/results.json, the ratio chart and the README table."""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.run import Row

BENCH = Path(__file__).resolve().parent
README = BENCH.parent / "README.md"
README_MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")
PACKAGES = ("openai", "httpx", "httpx2", "pydantic", "pydantic-core", "orjson")


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit in ("req/s",) or value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def render(rows: list[Row], impls: list[str]) -> str:
    head = "| scenario | unit | " + " | ".join(impls) + " | openai_compat / openai | goal |"
    lines = [head, "|" + "---|" * (len(impls) + 4)]
    for row in rows:
        ratio = row.ratio()
        cells = [_fmt(row.median(name), row.unit) for name in impls]
        ratio_text = f"**{ratio:.2f}**" if ratio is not None else "-"
        goal = f"<= {row.goal}" if row.goal is not None else ""
        unit = row.unit + (" (higher is better)" if row.higher_is_better else "")
        lines.append(
            f"| {row.label} | {unit} | " + " | ".join(cells) + f" | {ratio_text} | {goal} |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            continue
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; " + ", ".join(versions)
    )


def write(rows: list[Row], table: str) -> None:
    today = datetime.date.today().isoformat()
    header = f"Measured {today} on {machine()}."
    (BENCH / "RESULTS.md").write_text(
        "# Benchmark results\n\n"
        "Written by `make bench` (bench/run.py). Medians of interleaved rounds; the ratio is\n"
        "openai_compat / openai-python, lower is better on every row (requests per second are\n"
        "compared as time per request). The floor is raw httpx + orjson with no models.\n"
        "In-process times are CPU time (see bench/scenarios.py); concurrency and codegen are wall\n"
        "time. openai_compat runs with its defaults: request bodies validated, tolerant parsing.\n\n"
        f"{header}\n\n{table}\n\n![ratios](ratios.png)\n"
    )
    samples = {
        row.key: {"label": row.label, "unit": row.unit, "samples": row.samples} for row in rows
    }
    (BENCH / "results.json").write_text(
        json.dumps({"date": today, "machine": machine(), "rows": samples}, indent=1) + "\n"
    )
    chart(rows, BENCH / "ratios.png")
    update_readme(f"{header}\n\n{table}")


def chart(rows: list[Row], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [(row, row.ratio()) for row in rows if row.ratio() is not None]
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(shown) + 1.5))
    labels = [row.label.replace("`", "") for row, _ in shown]
    ratios = [ratio for _, ratio in shown]
    goals = [row.goal for row, _ in shown]
    colors = [
        "#2a9d8f" if r <= (g or 1.0) else "#e76f51" for r, g in zip(ratios, goals, strict=True)
    ]
    ax.barh(labels, ratios, color=colors)
    for y, goal in enumerate(goals):
        if goal is not None:
            ax.plot([goal, goal], [y - 0.4, y + 0.4], color="black", linewidth=2)
    for y, ratio in enumerate(ratios):
        ax.text(ratio, y, f" {ratio:.2f}", va="center", fontsize=8)
    ax.axvline(1.0, color="grey", linestyle="--", linewidth=1)
    ax.invert_yaxis()
    ax.set_xlabel("openai_compat / openai-python (lower is better; black tick = goal)")
    ax.set_title("openai_compat relative to openai-python")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def update_readme(text: str) -> None:
    """Replace the table between the markers of README's Speed section (nothing else)."""
    if not README.exists():
        return
    content = README.read_text()
    start, end = README_MARKERS
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(content):
        return
    README.write_text(pattern.sub(lambda _: f"{start}\n{text}\n{end}", content, count=1))
