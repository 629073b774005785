"""scripts/demo.py and scripts/test.py: the platform-dependent parts of the set-up, and README/CI.

Windows is not available here, so its branches are tested as pure functions (paths, the PYTHON
value, the LibreOffice plan); the version check runs the real script with Python's reported
version lowered, since this machine has no Python 3.10.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"


def load(name: str) -> ModuleType:
    sys.path.insert(0, str(SCRIPTS))
    try:
        spec = importlib.util.spec_from_file_location(f"_script_{name}", SCRIPTS / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SCRIPTS))


boot = load("bootstrap")
test_script = load("test")


def test_venv_interpreter_is_scripts_on_windows_and_bin_elsewhere() -> None:
    assert boot.venv_python(PureWindowsPath("C:/p/.venv"), windows=True) == PureWindowsPath(
        "C:/p/.venv/Scripts/python.exe"
    )
    assert boot.venv_python(PurePosixPath("/p/.venv"), windows=False) == PurePosixPath(
        "/p/.venv/bin/python"
    )


@pytest.mark.parametrize(
    ("value", "windows", "command"),
    [
        ("python3.12", False, ["python3.12"]),
        ("py -3.12", True, ["py", "-3.12"]),
        (r"C:\Python312\python.exe", True, [r"C:\Python312\python.exe"]),
        (
            r'"C:\Program Files\Python312\python.exe" -X utf8',
            True,
            [r"C:\Program Files\Python312\python.exe", "-X", "utf8"],
        ),
        ('"/opt/my python/bin/python3"', False, ["/opt/my python/bin/python3"]),
    ],
)
def test_python_choice_is_split_as_the_platform_would(
    value: str, windows: bool, command: list[str]
) -> None:
    assert boot.interpreter_command(value, windows=windows) == command


def test_old_python_gets_a_swedish_message_naming_the_version() -> None:
    message = boot.version_problem((3, 10, 13, "final", 0), "/usr/bin/python3")
    assert "behöver Python 3.11 eller nyare" in message
    assert "/usr/bin/python3 är Python 3.10.13" in message
    assert "PYTHON=python3.11" in message and "py -3.11" in message
    assert boot.version_problem((3, 11, 0), "python") is None
    assert boot.version_problem((3, 13, 1), "python") is None


@pytest.mark.parametrize("script", ["demo.py", "test.py"])
def test_the_script_stops_at_once_on_python_3_10(script: str, tmp_path: Path) -> None:
    # Python's reported version lowered before the script runs: the check must come first,
    # before any venv or install (the fresh .venv would be created under ROOT otherwise).
    code = (
        "import runpy, sys\n"
        "sys.version_info = (3, 10, 13, 'final', 0)\n"
        f"sys.argv = [{str(SCRIPTS / script)!r}]\n"
        f"runpy.run_path({str(SCRIPTS / script)!r}, run_name='__main__')\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60, check=False)  # fmt: skip
    assert time.monotonic() - start < 5
    assert done.returncode == 2, done.stdout + done.stderr
    assert "finsam-xl behöver Python 3.11 eller nyare" in done.stdout
    assert "Python 3.10.13" in done.stdout


def test_an_unknown_python_choice_is_named(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHON": "python9.9"}
    done = subprocess.run([sys.executable, str(SCRIPTS / "demo.py")], capture_output=True,
                          text=True, env=env, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 2
    assert "Hittar inte Python-tolken PYTHON=python9.9" in done.stdout


def test_the_python_choice_is_followed_once(tmp_path: Path) -> None:
    # PYTHON names this interpreter: the re-run sees the mark and goes on to the version check
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(SCRIPTS)!r})\n"
        "import bootstrap, os\n"
        "bootstrap.follow_python_choice(__import__('pathlib').Path(__file__), sys.argv[1:])\n"
        "print('ran with', os.environ.get(bootstrap.REEXEC_MARK), sys.argv[1:])\n",
        "utf-8",
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHON": sys.executable}
    done = subprocess.run([sys.executable, str(probe), "a b"], capture_output=True, text=True,
                          env=env, timeout=60, check=True)  # fmt: skip
    assert done.stdout.strip() == f"ran with {sys.executable} ['a b']"


def test_install_only_when_pyproject_extras_or_python_changed(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[project]\nname = 'x'\n", "utf-8")
    venv = tmp_path / ".venv"
    venv.mkdir()
    wanted = boot.wanted_stamp(pyproject, [], (3, 11, 7))
    assert boot.needs_install(boot.read_stamp(venv), wanted)  # never installed
    installed = boot.wanted_stamp(pyproject, ["dev"], (3, 11, 7))
    (venv / boot.STAMP_NAME).write_text(__import__("json").dumps(installed), "utf-8")
    stamp = boot.read_stamp(venv)
    assert not boot.needs_install(stamp, wanted)  # the tests' install serves the demo
    assert not boot.needs_install(stamp, boot.wanted_stamp(pyproject, ["dev"], (3, 11, 9)))
    assert boot.needs_install(stamp, boot.wanted_stamp(pyproject, ["dev"], (3, 12, 0)))
    assert boot.needs_install(stamp, boot.wanted_stamp(pyproject, ["excel"], (3, 11, 7)))
    pyproject.write_text("[project]\nname = 'x'\nversion = '2'\n", "utf-8")
    assert boot.needs_install(stamp, boot.wanted_stamp(pyproject, [], (3, 11, 7)))
    (venv / boot.STAMP_NAME).write_text("{broken", "utf-8")
    assert boot.read_stamp(venv) is None


@pytest.mark.parametrize(
    ("facts", "plan"),
    [
        ({"has_soffice": True, "windows": False, "is_root": True, "has_apt": True}, "present"),
        ({"has_soffice": False, "windows": False, "is_root": True, "has_apt": True}, "apt"),
        ({"has_soffice": False, "windows": False, "is_root": False, "has_apt": True}, "skip"),
        ({"has_soffice": False, "windows": False, "is_root": True, "has_apt": False}, "skip"),
        ({"has_soffice": False, "windows": True, "is_root": False, "has_apt": False}, "skip"),
        # LibreOffice without Calibri's metric twin prints wider than Excel: install the font
        (
            {
                "has_soffice": True,
                "windows": False,
                "is_root": True,
                "has_apt": True,
                "has_font": False,
            },
            "apt",
        ),
        (
            {
                "has_soffice": True,
                "windows": True,
                "is_root": False,
                "has_apt": False,
                "has_font": False,
            },
            "present",
        ),
    ],
)
def test_libreoffice_is_installed_only_as_root_with_apt(facts: dict[str, bool], plan: str) -> None:
    assert test_script.libreoffice_plan(**facts) == plan


def test_readme_gives_both_spellings_and_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for command in ("python3 scripts/demo.py", "python3 scripts/test.py",
                    r"py scripts\demo.py", r"py scripts\test.py"):  # fmt: skip
        assert command in readme, command
    ci = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    runs = [line for line in ci if line.strip() and not line.lstrip().startswith("#")]
    assert runs[-1] == "python3 scripts/test.py"
    assert "    python3 scripts/test.py" in readme.splitlines()


def test_pyproject_license_is_spdx_with_its_file() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License")
    assert any(c.startswith("Natural Language :: Swedish") for c in project["classifiers"])


def test_classifiers_are_known_and_match_the_metadata() -> None:
    """Every classifier is one PyPI knows; none is a License classifier (PEP 639 forbids them
    beside an SPDX expression); the Python versions match requires-python and CI's."""
    import tomllib

    from trove_classifiers import classifiers as known

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    ours = project["classifiers"]
    assert [c for c in ours if c not in known] == []
    assert not [c for c in ours if c.startswith("License ::")]
    assert project["requires-python"] == ">=3.11"
    versions = [
        c.rsplit(" ", 1)[1] for c in ours if c.startswith("Programming Language :: Python :: 3.")
    ]
    assert versions and min(versions, key=lambda v: tuple(map(int, v.split(".")))) == "3.11"


# The public pages [project.urls] may name: the project has no address of its own yet, so only
# real pages of what it serves (docs: /work/shared/domain/finsam.md, sources S18 and S29).
KNOWN_ADDRESSES = {
    "FINSAM": "https://www.finsam.se",
    "Uppföljning Finsam": "https://www.finsam.se/uppfoljning/anvandarhandledning",
}


def test_no_invented_project_address() -> None:
    """[project.urls] names only real public pages; no Source, Documentation or Issues until
    the project has a public home, and the README says so."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    urls = project.get("urls", {})
    assert urls == KNOWN_ADDRESSES
    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert "no public address yet" in readme
    for label, url in urls.items():
        assert f"*{label}* ({url}" in readme, label
    assert "There is no `Documentation` address" in readme


def test_the_wheel_metadata_carries_the_addresses_without_a_deprecation(tmp_path: Path) -> None:
    """The built metadata has the SPDX licence and the addresses, and setuptools (>= 77, from
    the build isolation pip sets up) warns about nothing."""
    import zipfile

    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v",
         "--disable-pip-version-check", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "deprecat" not in (done.stdout + done.stderr).lower()
    (wheel,) = tmp_path.glob("finsam_xl-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = zf.read(name).decode("utf-8")
    assert "License-Expression: MIT" in metadata
    for label, url in KNOWN_ADDRESSES.items():
        assert f"Project-URL: {label}, {url}" in metadata


def _python_310() -> str | None:
    """A real Python 3.10 on this machine (pyenv's, or the system's), if any."""
    import glob
    import shutil

    candidates = [
        *sorted(
            glob.glob(str(Path.home() / ".pyenv" / "versions" / "3.10*" / "bin" / "python3.10"))
        ),
        "/usr/bin/python3.10",
        "/usr/local/bin/python3.10",
    ]
    for candidate in candidates:
        if Path(candidate).is_file():
            return candidate
    found = shutil.which("python3.10")
    if found is None:
        return None
    probe = subprocess.run([found, "-c", "pass"], capture_output=True, check=False)
    return found if probe.returncode == 0 else None  # a pyenv shim without the version fails


@pytest.mark.parametrize("script", ["demo.py", "test.py"])
def test_a_real_python_3_10_stops_in_seconds_with_a_swedish_message(
    script: str, tmp_path: Path
) -> None:
    """Issue 13's "Done when", as near as this machine gets to a fresh 3.10 container: the
    script started by a real 3.10 with a bare environment, no venv touched."""
    python = _python_310()
    if python is None:
        pytest.skip("no Python 3.10 installed here (the faked version above still runs)")
    venv_before = (ROOT / ".venv").exists()
    start = time.monotonic()
    done = subprocess.run([python, str(SCRIPTS / script)], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}, cwd=tmp_path,
                          timeout=60, check=False)  # fmt: skip
    assert time.monotonic() - start < 5
    assert done.returncode == 2, done.stdout + done.stderr
    assert "finsam-xl behöver Python 3.11 eller nyare" in done.stdout
    assert f"{python} är Python 3.10." in done.stdout
    assert (ROOT / ".venv").exists() == venv_before


def test_the_test_command_announces_a_libreoffice_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """apt-get (the outermost boundary) is recorded, not run: what matters is that the user is
    told before the minutes-long wait, and that apt's progress is not hidden."""
    calls: list[tuple[list[str], dict[str, object]]] = []
    monkeypatch.setattr(test_script, "libreoffice_plan", lambda **_: "apt")

    def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
        calls.append((cmd, kw))
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(test_script.subprocess, "run", run)
    test_script.ensure_libreoffice()
    said = capsys.readouterr().out
    assert "Installerar LibreOffice" in said and "några minuter" in said
    apt = [c for c in calls if c[0][0] == "apt-get"]  # (fc-list may be asked about the font)
    assert [c[0][:2] for c in apt] == [["apt-get", "update"], ["apt-get", "install"]]
    assert all("stdout" not in kw and "capture_output" not in kw for _, kw in apt)


def test_check_versions_pins_the_lowest_bounds_and_pyodides_versions() -> None:
    versions = load("check_versions")
    pyproject = {
        "project": {
            "dependencies": [
                "pandas>=2.3",
                "click>=8.2,<9  # a comment",
                "python-calamine>=0.9.1,<1; sys_platform != 'emscripten'",
                "Some_Name~=1.4",
                "unbounded",
            ],
            "optional-dependencies": {
                "excel": ["xlwings==0.37.8"],
                "sheets": ["gspread>=6.2,<7"],
                "dev": ["finsam-xl[excel,sheets]", "openpyxl==3.1.5", "pytest>=8"],
            },
        }
    }
    assert versions.lowest(pyproject) == {
        "pandas": "2.3", "click": "8.2", "python-calamine": "0.9.1", "some-name": "1.4",
        "xlwings": "0.37.8", "gspread": "6.2", "openpyxl": "3.1.5",
    }  # fmt: skip
    shipped = {"pandas": {"version": "2.3.3"}, "numpy": {"version": "2.2.5"},
               "python-calamine": {"version": "0.5.3"}, "click": {"version": "8.3.1"}}  # fmt: skip
    # calamine is not installed in Pyodide (its marker), so Pyodide's old build is not pinned
    assert versions.pyodide(pyproject, shipped) == {
        "click": "8.3.1", "numpy": "2.2.5", "pandas": "2.3.3", "openpyxl": "3.1.5",
    }  # fmt: skip
    # the project's own files: Lite's pandas is 2.3, the lowest xlsxwriter 3.3.0
    assert versions.pins_for("pyodide")["pandas"].startswith("2.3")
    assert versions.pins_for("lowest")["xlsxwriter"] == "3.3.0"
