"""What the crossenroll notebooks share: where a run's reports are, a DuckDB connection over them, and labels.

The notebooks read the directory named by CROSSENROLL_REPORTS, which is a job's --output directory; without it,
the out/ beside this folder that `bin/crossenroll run` writes for the bundled sample.
"""

import json
import os
import warnings
from pathlib import Path

import duckdb
import matplotlib

# The reports of docs/reports.md, and the run's data quality table.
REPORTS = ("flows", "origin_summary", "host_summary", "pairing_progress", "outcomes")
# the second ledger (issue 27): the cooperation report and both ledgers per pairing
TABLES = REPORTS + ("data_quality", "cooperation", "pairing_ledgers")
# The published layer's tables (docs/published-layer.md, "Its tables"), under published/.
PUBLISHED = ("students_by_origin", "students_by_host", "province_flows", "province_outcomes", "pairing_students")

HERE = Path(__file__).resolve().parent

# Fonts that carry simplified Chinese, in order of preference: a complete font of the machine first (Debian's
# fonts-noto-cjk, then what Windows and macOS ship), else the subset beside the notebooks (fonts/README.md), which
# every machine has and which covers GB 2312 and every name of the region reference.
BUNDLED_FONT = HERE / "fonts" / "NotoSansCJKscSubset-Regular.otf"
BUNDLED_FAMILY = "Noto Sans CJK SC Subset"
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Micro Hei",
                "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", BUNDLED_FAMILY)

# The provinces of the maps (maps/README.md: DCW-GMT, LGPL-3.0-or-later), keyed by the reports' province codes.
PROVINCES_MAP = HERE / "maps" / "china_provinces.geojson"


def reports_dir() -> Path:
    """The job's output directory: CROSSENROLL_REPORTS (absolute, or relative to the project), else its out/."""
    project = Path(__file__).resolve().parent.parent
    env = os.environ.get("CROSSENROLL_REPORTS")
    path = Path(env) if env else project / "out"
    if not path.is_absolute() and not (path / "_runs" / "latest").is_file():
        path = project / path  # the kernel runs in notebooks/; a relative path is meant from the project
    if not (path / "_runs" / "latest").is_file():
        raise FileNotFoundError(
            f"{path} holds no crossenroll run (no _runs/latest): run bin/crossenroll run first, "
            "or set CROSSENROLL_REPORTS to the --output directory of a run")
    return path


def latest_run_date(path: Path) -> str:
    """The run date the job last published completely (written after every table, so never a half-written run)."""
    return (path / "_runs" / "latest").read_text(encoding="utf-8").strip()


def manifest(path: Path, run_date: str) -> dict:
    """The run's manifest: input files, row counts, checks (see docs/operations.md, "What a run writes")."""
    return json.loads((path / "_runs" / run_date / "manifest.json").read_text(encoding="utf-8"))


def parquet_glob(path: Path, table: str, run_date: str) -> str:
    """The Parquet files of one table for one run date."""
    return str(path / table / f"run_date={run_date}" / "*.parquet")


def connect(path: Path, run_date: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per table of the run, named as the table (flows, outcomes, ...)."""
    con = duckdb.connect()
    for table in TABLES:
        if not (path / table / f"run_date={run_date}").is_dir():
            continue  # a night written before the table existed (the cooperation tables: schema version 3)
        glob = parquet_glob(path, table, run_date).replace("'", "''")
        con.execute(f"create view {table} as select * from read_parquet('{glob}')")
    return con


def true_count_range(value, k: int):
    """What one fine value of the published layer says of its fine cell's true count: (lowest, highest), included.

    The published layer is the additive threshold method (docs/published-layer.md, "The contract"): each fine cell (intake
    year, origin prefecture, host prefecture, registered poor, outcome class) is published as 0 (0..k-1 enrollments),
    k (1..k) or its exact count above k, and every published count is the sum of the fine values under it. So a
    published count made of one fine cell reads as below; a sum's true count is within (k-1) per small fine cell under
    it, and the published parts add up exactly to the published total (k is in each file's footer and the manifest's
    ``published_layer``).

    >>> true_count_range(0, 10)
    (0, 9)
    >>> true_count_range(10, 10)
    (1, 10)
    >>> true_count_range(5794, 10)
    (5794, 5794)
    """
    v = int(value)
    if v == 0:
        return 0, k - 1
    if v == k:
        return 1, k
    return v, v


def is_bundled_sample(run_manifest: dict) -> bool:
    """True when the run read the bundled sample, whose figures the programme published (docs/development.md, "The bundled sample")."""
    return Path(run_manifest["input_dir"]).parts[-2:] == ("data", "sample")


def use_chinese_font() -> bool:
    """Makes matplotlib draw with a CJK font if one is installed. False means: label by division code instead,
    as also when CROSSENROLL_LABELS=codes (for figures that must match a code-keyed dashboard).

    A glyph missing from the font is made an error, so a figure never shows empty boxes for names.
    """
    from matplotlib import font_manager

    warnings.filterwarnings("error", message=r"Glyph .* missing from")
    if os.environ.get("CROSSENROLL_LABELS") == "codes":
        return False
    register_bundled_font()
    installed = {font.name for font in font_manager.fontManager.ttflist}
    family = next((f for f in CJK_FAMILIES if f in installed), None)
    if family is None:
        return False
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [family] + list(matplotlib.rcParams["font.sans-serif"])
    return True


def register_bundled_font() -> None:
    """Makes the bundled CJK subset known to matplotlib (it looks only at the machine's font folders)."""
    from matplotlib import font_manager

    if BUNDLED_FAMILY not in {font.name for font in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(BUNDLED_FONT))


def palette(n: int) -> list:
    """n colours, all different: tab10 up to 10 lines, tab20 (its dark shades first) up to 20, else evenly spaced
    hues. matplotlib's default cycle repeats after ten, so an eleventh line looked like the first."""
    from matplotlib import colormaps

    if n <= 10:
        return [colormaps["tab10"](i) for i in range(n)]
    if n <= 20:
        return [colormaps["tab20"](i) for i in list(range(0, 20, 2)) + list(range(1, 20, 2))][:n]
    return [colormaps["hsv"](i / n) for i in range(n)]


def china_provinces():
    """The province map as a GeoDataFrame (columns code, dcw, geometry), in longitude and latitude."""
    import geopandas

    return geopandas.read_file(PROVINCES_MAP)


def labeller(chinese: bool):
    """label(code, name): the region's name when Chinese can be drawn, else its code."""
    return (lambda code, name: name) if chinese else (lambda code, name: code)


def draw(fig) -> None:
    """Renders the figure now, so a missing glyph fails this cell rather than the kernel's display hook."""
    fig.canvas.draw()
