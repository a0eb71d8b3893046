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
        "compared as time per request). The floor is raw httpx + orjson with no models (raw\n"
        "aiohttp + orjson for the async rows over loopback).\n"
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


def _merged_table(old: str, new: str) -> str:
    """`old`'s table with the rows of `new` replacing those of the same scenario (the first
    cell), and new scenarios appended; the header is `new`'s."""
    new_lines = [line for line in new.splitlines() if line.startswith("|")]
    fresh = {line.split("|")[1].strip(): line for line in new_lines[2:]}
    merged = new_lines[:2]
    for line in old.splitlines():
        if not line.startswith("| ") or line.startswith("| scenario |"):
            continue
        label = line.split("|")[1].strip()
        merged.append(fresh.pop(label, line))
    merged.extend(fresh.values())
    return "\n".join(merged)


def write_partial(rows: list[Row], table: str) -> None:
    """`--only`: refresh the measured rows in RESULTS.md, results.json and README, keep the rest
    (the chart is redrawn by a full run)."""
    today = datetime.date.today().isoformat()
    results = BENCH / "RESULTS.md"
    text = results.read_text()
    old_table = "\n".join(line for line in text.splitlines() if line.startswith("|"))
    merged = _merged_table(old_table, table)
    note = f"Rows {', '.join(r.key for r in rows)} measured {today} on {machine()}."
    lines = [ln for ln in text.splitlines() if not ln.startswith(("|", "Rows "))]
    at = next(i for i, line in enumerate(lines) if line.startswith("![ratios]"))
    body = "\n".join(lines[:at]).rstrip() + f"\n\n{note}\n\n{merged}\n\n" + "\n".join(lines[at:])
    results.write_text(body.rstrip() + "\n")
    data = json.loads((BENCH / "results.json").read_text())
    for row in rows:
        data["rows"][row.key] = {"label": row.label, "unit": row.unit, "samples": row.samples}
    (BENCH / "results.json").write_text(json.dumps(data, indent=1) + "\n")
    readme = README.read_text()
    start, end = README_MARKERS
    section = readme[readme.index(start) + len(start) : readme.index(end)]
    kept = [line for line in section.strip().splitlines() if not line.startswith("|")]
    kept = [line for line in kept if not line.startswith("Rows ")]
    readme_table = _merged_table(section, table)
    update_readme("\n".join(kept).strip() + f"\n\n{note}\n\n{readme_table}")
