"""The deployment recipes (deploy/) follow from the measured sizing by deploy/README.md's rule."""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
COURSE_FOLDER = "borderlines"  # the folder nbgitpuller makes: the README link's REPOSITORY-NAME
FIRST_LESSON = "lessons/00-start-here.ipynb"
#: deploy/README.md's rule: the guarantee holds the server and 2 lesson kernels, the limit the
#: server and one kernel per lesson of the course, each rounded up to a multiple of 64 MiB.
GUARANTEE_KERNELS = 2
ROUND_MIB = 64


def _sizing() -> dict:
    return json.loads((DEPLOY / "sizing.json").read_text(encoding="utf-8"))


def _config() -> dict:
    return yaml.safe_load((DEPLOY / "config.yaml").read_text(encoding="utf-8"))


def _readme(path: Path = DEPLOY / "README.md") -> str:
    return path.read_text(encoding="utf-8")


def _lessons() -> list[dict]:
    return [
        json.loads(path.read_text(encoding="utf-8"))["metadata"]["borderlines"]
        for path in sorted((REPO / "lessons").glob("*.ipynb"))
    ]


def _round_up(mib: float) -> int:
    return math.ceil(mib / ROUND_MIB) * ROUND_MIB


def _mib(quantity: str) -> int:
    """'768M' → 768 (KubeSpawner's and tljh-config's M is MiB); G is GiB."""
    match = re.fullmatch(r"(\d+)([MG])", str(quantity))
    assert match, f"{quantity!r} is not a whole number of M or G"
    return int(match.group(1)) * (1024 if match.group(2) == "G" else 1)


def _expected_memory(sizing: dict) -> tuple[int, int]:
    server, kernel = sizing["single_user_server_mib"], sizing["lesson_kernel_mib"]
    return (
        _round_up(server + GUARANTEE_KERNELS * kernel),
        _round_up(server + len(_lessons()) * kernel),
    )


def recipe_problems(config: dict, sizing: dict, tljh_steps: str) -> list[str]:
    """Every value of the recipes that does not follow from the sizing by the rule."""
    problems = []
    guarantee, limit = _expected_memory(sizing)
    if (sizing["memory_guarantee_mib"], sizing["memory_limit_mib"]) != (guarantee, limit):
        problems.append(f"sizing.json: guarantee/limit should be {guarantee}/{limit} MiB")
    memory = config["singleuser"]["memory"]
    if _mib(memory["guarantee"]) != guarantee:
        problems.append(f"config.yaml: memory.guarantee {memory['guarantee']}, rule: {guarantee}M")
    if _mib(memory["limit"]) != limit:
        problems.append(f"config.yaml: memory.limit {memory['limit']}, rule: {limit}M")
    tljh_limit = re.findall(r"tljh-config set limits\.memory (\S+)", tljh_steps)
    if [_mib(v) for v in tljh_limit] != [limit]:
        problems.append(f"TLJH steps: limits.memory {tljh_limit}, rule: {limit}M")
    cull = config["cull"]
    longest = max(lesson["minutes"] for lesson in _lessons()) * 60
    if not cull.get("enabled") or cull["timeout"] <= longest or cull["every"] > cull["timeout"]:
        problems.append(f"config.yaml: cull {cull} must stop servers idle longer than {longest} s")
    tljh_cull = re.findall(r"tljh-config set services\.cull\.timeout (\d+)", tljh_steps)
    if [int(v) for v in tljh_cull] != [cull["timeout"]]:
        problems.append(f"TLJH steps: services.cull.timeout {tljh_cull}, config.yaml's {cull}")
    return problems


def test_sizing_is_a_measurement():
    """deploy/sizing.json holds positive measured values and the command that measured them."""
    sizing = _sizing()
    assert sizing["measured_with"].startswith("python3 benchmarks/hub.py")
    for key in ("student_mib", "single_user_server_mib", "lesson_kernel_mib", "hub_mib"):
        assert sizing[key] > 0, key
    # a student's server tree is the server plus one lesson's kernel
    assert math.isclose(
        sizing["student_mib"],
        sizing["single_user_server_mib"] + sizing["lesson_kernel_mib"],
        abs_tol=1.0,
    )
    assert sizing["class_sizes"][0] == 1 and len(sizing["class_sizes"]) >= 2


def test_recipes_follow_from_the_sizing():
    """Memory guarantee and limit (Zero to JupyterHub and TLJH) and idle culling follow from
    deploy/sizing.json and the lessons' minutes by deploy/README.md's rule."""
    assert recipe_problems(_config(), _sizing(), _readme()) == []


def test_recipe_check_catches_a_value_off_the_rule():
    """A limit or guarantee one step off the rule, a culler faster than a lesson, or a TLJH
    limit different from the Kubernetes one, is reported."""
    config, sizing, steps = _config(), _sizing(), _readme()
    guarantee, limit = _expected_memory(sizing)
    wrong = copy.deepcopy(config)
    wrong["singleuser"]["memory"]["limit"] = f"{limit + ROUND_MIB}M"
    assert len(recipe_problems(wrong, sizing, steps)) == 1
    wrong = copy.deepcopy(config)
    wrong["singleuser"]["memory"]["guarantee"] = f"{guarantee - ROUND_MIB}M"
    assert len(recipe_problems(wrong, sizing, steps)) == 1
    wrong = copy.deepcopy(config)
    wrong["cull"]["timeout"] = 45 * 60
    assert recipe_problems(wrong, sizing, steps)
    assert recipe_problems(config, sizing, steps.replace(f"{limit}M", f"{limit * 2}M"))
    bigger = dict(sizing, lesson_kernel_mib=sizing["lesson_kernel_mib"] + ROUND_MIB)
    assert recipe_problems(config, bigger, steps)


def test_hub_image_is_built_from_this_repository():
    """The Kubernetes recipe's image is the one deploy/README.md builds with repo2docker from
    this repository (binder/, which installs nbgitpuller)."""
    image = _config()["singleuser"]["image"]
    built = re.search(r"jupyter-repo2docker [^\n]*\\\n\s+--image-name (\S+):(\S+) \.", _readme())
    assert built, "deploy/README.md builds the image with jupyter-repo2docker"
    assert (image["name"], image["tag"]) == built.groups()
    pins = (REPO / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^nbgitpuller==\S+$", pins, re.MULTILINE), "the image has nbgitpuller"


def test_hub_opens_lesson_00_in_the_course_folder():
    """Both recipes open lesson 00 in the folder the README's link makes, and the Kubernetes
    one pulls the course there with nbgitpuller at every start."""
    hub_link = re.compile(r"/hub/user-redirect/git-pull\?\S*urlpath=(\S+)")
    readme_link = hub_link.search(_readme(REPO / "README.md")).group(1)
    expected = "/" + readme_link.replace("REPOSITORY-NAME", COURSE_FOLDER)
    assert expected == f"/lab/tree/{COURSE_FOLDER}/{FIRST_LESSON}"
    singleuser = _config()["singleuser"]
    assert singleuser["cmd"] == [
        "jupyterhub-singleuser",
        f"--ServerApp.default_url={expected}",
    ]
    assert f"binder/install_config.py --default-url {expected}\n" in _readme()
    (pull,) = singleuser["lifecycleHooks"]["postStart"]["exec"]["command"][-1:]
    assert re.fullmatch(rf"gitpuller \S+ main {COURSE_FOLDER} \|\| true", pull)


def test_readme_sizing_table_is_the_measurement():
    """The README's table for 30 and 300 students is deploy/sizing.json's measurement (hub
    and proxy, plus each student's server and share of the hub) and the recipe's guarantee."""
    sizing = _sizing()
    readme = _readme(REPO / "README.md")
    per_student = sizing["student_mib"] + sizing["hub_per_student_mib"]
    for students in (30, 300):
        measured = (sizing["hub_mib"] + sizing["proxy_mib"] + students * per_student) / 1024
        reserved = students * sizing["memory_guarantee_mib"] / 1024
        row = f"| {students} | {measured:.1f} GiB | {reserved:.1f} GiB |"
        assert row in readme, row
    assert f"(N × {sizing['memory_guarantee_mib']} MiB)" in readme
    assert f"**{sizing['student_mib']:.0f} MiB**" in readme


# -- a class at once (benchmarks/hub_load.py): students per server and CPU -------------------

#: deploy/README.md's rule: the system keeps 1 GiB; a class presses the link within a minute.
SYSTEM_MIB = 1024
CLASS_WINDOW_S = 60
CPU_STEP = 0.05
SERVERS = {"2 cores": 2, "8 cores": 8, "32 cores": 32}
MEMORIES = {"8 GB": 8, "16 GB": 16, "32 GB": 32, "64 GB": 64}


def _class_at_once(sizing: dict | None = None) -> dict:
    return (sizing or _sizing())["class_at_once"]


def expected_students(cores: int, memory_gb: int, measured: dict) -> int:
    """Students one server holds by the rule: what its memory holds at the recipe's
    guarantee each, and what its cores start within a class's minute."""
    free = memory_gb * 1024 - SYSTEM_MIB - measured["hub_mib"] - measured["proxy_mib"]
    by_memory = math.floor(free / measured["memory_guarantee_mib"])
    by_cpu = math.floor(cores * CLASS_WINDOW_S / measured["start_cpu_s"]["p95"])
    return max(min(by_memory, by_cpu), 0)


def class_problems(config: dict, sizing: dict, readme: str) -> list[str]:
    """Every value of the class-at-once sizing that does not follow from its measurement."""
    measured = _class_at_once(sizing)
    problems = []
    if measured["memory_guarantee_mib"] != sizing["memory_guarantee_mib"]:
        problems.append("class_at_once: not sized with the recipe's memory guarantee")
    for server, cores in SERVERS.items():
        for memory, gb in MEMORIES.items():
            want = expected_students(cores, gb, measured)
            if measured["students_per_server"][server][memory] != want:
                problems.append(f"students_per_server[{server}][{memory}]: rule gives {want}")
    row_for = {cores: [expected_students(cores, gb, measured) for gb in MEMORIES.values()]
               for cores in SERVERS.values()}  # fmt: skip
    for cores, row in row_for.items():
        line = f"| {cores} | " + " | ".join(str(n) for n in row) + " |"
        if line not in readme:
            problems.append(f"deploy/README.md: no row {line}")
    guarantee = math.ceil(measured["start_cpu_s"]["p95"] / CLASS_WINDOW_S / CPU_STEP) * CPU_STEP
    cpu = config["singleuser"]["cpu"]
    if (
        not math.isclose(cpu["guarantee"], guarantee)
        or cpu["guarantee"] != measured["cpu_guarantee"]
    ):
        problems.append(f"config.yaml: cpu.guarantee {cpu['guarantee']}, rule: {guarantee:.2f}")
    if cpu["limit"] != measured["cpu_limit"]:
        problems.append(f"config.yaml: cpu.limit {cpu['limit']}, measured {measured['cpu_limit']}")
    return problems


def test_class_at_once_is_a_measurement():
    """sizing.json's class_at_once is benchmarks/hub_load.py's run of thirty students at once
    beside as many empty notebooks, with no failed start; its spreads are ordered."""
    measured = _class_at_once()
    assert measured["measured_with"].startswith("python3 benchmarks/hub_load.py")
    assert measured["students"] >= 30 and measured["empty_students"] == measured["students"]
    assert measured["within_s"] <= 60
    assert measured["failed_starts"] == 0
    for key in ("ready_s", "empty_ready_s", "student_mib", "empty_student_mib", "start_cpu_s"):
        spread = measured[key]
        assert 0 < spread["median"] <= spread["p95"] <= spread["max"], key


def test_students_per_server_and_cpu_follow_from_the_class_at_once():
    """The students-per-server table (sizing.json and deploy/README.md) and the Kubernetes
    recipe's CPU follow from the class-at-once measurement by deploy/README.md's rule."""
    assert class_problems(_config(), _sizing(), _readme()) == []


def test_class_check_catches_a_value_off_the_rule():
    """A table cell one student off, a CPU guarantee one step off, or a slower start than
    measured, is reported."""
    config, sizing, readme = _config(), _sizing(), _readme()
    wrong = copy.deepcopy(sizing)
    wrong["class_at_once"]["students_per_server"]["8 cores"]["16 GB"] += 1
    assert class_problems(config, wrong, readme)
    wrong = copy.deepcopy(config)
    wrong["singleuser"]["cpu"]["guarantee"] += CPU_STEP
    assert class_problems(wrong, sizing, readme)
    slower = copy.deepcopy(sizing)
    slower["class_at_once"]["start_cpu_s"]["p95"] *= 2
    assert class_problems(config, slower, readme)
