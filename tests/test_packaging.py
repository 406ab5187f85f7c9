"""The distribution: sdist and wheel build, and the installed wheel runs the bundled study.

One module fixture builds both from a copy of the source tree with
``python -m build --no-isolation`` (no network, nothing written into the
repository), then installs the wheel with ``pip --no-index --no-deps`` into a
throw-away virtual environment that sees the already installed dependencies
(``--system-site-packages``). The study then runs from that installed copy,
outside the repository, on a copy of the study file and of the committed cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

REPO = Path(__file__).resolve().parents[1]
DIST_NAME = "eventstudy-news"
#: development leftovers that must not reach the build (as in .gitignore)
_IGNORE = shutil.ignore_patterns(
    ".git", "__pycache__", "*.egg-info", "build", "dist", ".venv", ".mypy_cache",
    ".pytest_cache", ".ruff_cache", ".hypothesis", ".benchmarks", "reports", ".*.lock",
)


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment minus anything that would put the repository on ``sys.path``."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(extra)
    return env


def _run(args: list[str], cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(args, cwd=cwd, env=_clean_env(**extra), capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """sdist and wheel built from a copy of the source tree."""
    root = tmp_path_factory.mktemp("dist")
    src = root / "src"
    shutil.copytree(REPO, src, ignore=_IGNORE)
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(root / "out"),
          str(src)], cwd=root)
    (sdist,) = (root / "out").glob("*.tar.gz")
    (wheel,) = (root / "out").glob("*.whl")
    return {"sdist": sdist, "wheel": wheel, "root": root}


@pytest.fixture(scope="module")
def venv(dist: dict[str, Path]) -> Path:
    """A virtual environment with the wheel installed (dependencies seen from the system)."""
    env_dir = dist["root"] / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip",
          str(env_dir)], cwd=dist["root"])
    python = env_dir / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
          "--no-deps", "--no-index", str(dist["wheel"])], cwd=dist["root"])
    return env_dir


def test_sdist_ships_tests_with_their_data_the_study_and_the_cache(
    dist: dict[str, Path],
) -> None:
    with tarfile.open(dist["sdist"]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    must = ["LICENSE", "pyproject.toml", "README.md", "tests/conftest.py",
            "studies/trade_talks.yaml", "eventstudy/report/templates/report.html.j2"]
    for folder in ("tests/data", "cache"):
        must += [p.relative_to(REPO).as_posix() for p in (REPO / folder).rglob("*")
                 if p.is_file() and not p.name.endswith(".lock")]
    missing = sorted(set(must) - names)
    assert not missing, f"sdist lacks {missing[:10]}"
    assert len(must) > 60  # tests/data and the 29-series cache really were listed
    assert not [n for n in names if "__pycache__" in n or n.endswith(".lock")]


def test_wheel_metadata_license_and_entry_point(dist: dict[str, Path]) -> None:
    with zipfile.ZipFile(dist["wheel"]) as whl:
        names = set(whl.namelist())
        info = next(n for n in names if n.endswith(".dist-info/METADATA")).rsplit("/", 1)[0]
        meta = whl.read(f"{info}/METADATA").decode()
        entry = whl.read(f"{info}/entry_points.txt").decode()
    assert f"Name: {DIST_NAME}\n" in meta
    assert "License-Expression: MIT\n" in meta and "License-File: LICENSE\n" in meta
    assert f"{info}/licenses/LICENSE" in names
    assert "eventstudy = eventstudy.cli:main" in entry
    for data in ("eventstudy/py.typed", "eventstudy/report/templates/report.html.j2",
                 "eventstudy/draft/assets.yaml"):
        assert data in names
    assert not [n for n in names if n.startswith(("tests/", "cache/", "studies/"))]


def test_installed_wheel_runs_the_bundled_study_outside_the_repo(
    dist: dict[str, Path], venv: Path
) -> None:
    # a user's project folder: the study file and its cache (study says cache: ../cache)
    project = dist["root"] / "project"
    (project / "studies").mkdir(parents=True)
    shutil.copy2(REPO / "studies" / "trade_talks.yaml", project / "studies")
    shutil.copytree(REPO / "cache", project / "cache", ignore=_IGNORE)
    work = dist["root"] / "work"
    work.mkdir()
    env = {"EVENTSTUDY_CACHE": str(project / "cache"), "EVENTSTUDY_OFFLINE": "1",
           "MPLBACKEND": "Agg"}
    python = str(venv / "bin" / "python")

    where = _run([python, "-c", "import eventstudy; print(eventstudy.__file__)"], work, **env)
    installed = Path(where.stdout.strip()).resolve()
    assert installed.is_relative_to(venv.resolve()), installed  # not the repository's copy

    version = _run([python, "-m", "eventstudy", "--version"], work, **env)
    assert version.stdout.startswith("eventstudy ")

    out = work / "out"
    run = _run([str(venv / "bin" / "eventstudy"), "run",
                str(project / "studies" / "trade_talks.yaml"), "--out", str(out)], work, **env)
    assert "report:" in run.stdout + run.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "US-China trade talks, December 2018" in html
    for name in ("abnormal_returns.csv", "car.csv", "claims.json", "study.json"):
        assert (out / name).stat().st_size > 0
