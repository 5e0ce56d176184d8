"""Synthetic sample data for Gia Lai's 17 district-level units, 2023 and 2024 (`python -m dxkit.sample`).

The values are invented, not official statistics: Part I figures have the right order of magnitude,
every ratio is consistent with Part I, strong and weak districts differ, and 2024 improves on 2023.
A fixed seed makes every file byte-for-byte reproducible. A few values are left out on purpose
(`MISSING`); Chư Prông 2024 comes as a filled workbook, not in the CSV.
"""

from __future__ import annotations

import argparse
import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from openpyxl import Workbook

from dxkit.core.catalogue import Catalogue, load_catalogue
from dxkit.intake import layout
from dxkit.intake.template import template_workbook
from dxkit.intake.xlsx import save_workbook

SEED = 20240601
YEARS = (2023, 2024)
STAMP = datetime(2025, 1, 15, 8, 0, 0)
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "inputs"
CSV_NAME = "gia_lai_2023_2024.csv"
DISTRICTS_NAME = "districts.csv"
WORKBOOK = ("Chư Prông", 2024, "workbooks/chu_prong_2024.xlsx")
SYNTHETIC_NOTE = {
    "vi": "Số liệu mẫu tổng hợp (không phải số liệu chính thức) của 17 huyện, thị xã, thành phố "
    "tỉnh Gia Lai, năm 2023 và 2024.",
    "en": "Synthetic sample data (not official statistics) for the 17 district-level units of Gia Lai, 2023 and 2024.",
}
Value = bool | int | float | str


@dataclass(frozen=True)
class District:
    """A district-level unit with its 2023 base figures and how strong its digital transformation is."""

    name: str
    kind: str  # thành phố | thị xã | huyện
    slug: str  # web portal sub-domain
    population: int
    communes: int
    villages: int
    enterprises: int
    budget: float  # total state budget spending, billion VND
    strength: float  # 0-1 latent level of digital transformation in 2023


DISTRICTS = (
    District("Pleiku", "thành phố", "pleiku", 257000, 22, 339, 3150, 1950.0, 0.90),
    District("An Khê", "thị xã", "ankhe", 70500, 11, 112, 420, 520.0, 0.76),
    District("Ayun Pa", "thị xã", "ayunpa", 40200, 8, 76, 210, 430.0, 0.70),
    District("Chư Prông", "huyện", "chuprong", 126000, 20, 238, 310, 900.0, 0.64),
    District("Chư Păh", "huyện", "chupah", 81000, 15, 142, 260, 640.0, 0.55),
    District("Chư Pưh", "huyện", "chupuh", 76500, 9, 101, 170, 560.0, 0.47),
    District("Chư Sê", "huyện", "chuse", 122000, 15, 190, 460, 820.0, 0.62),
    District("Đak Đoa", "huyện", "dakdoa", 126500, 17, 203, 340, 810.0, 0.58),
    District("Đak Pơ", "huyện", "dakpo", 43500, 8, 69, 95, 420.0, 0.44),
    District("Đức Cơ", "huyện", "ducco", 76000, 10, 112, 210, 600.0, 0.51),
    District("Ia Grai", "huyện", "iagrai", 105000, 13, 152, 300, 740.0, 0.57),
    District("Ia Pa", "huyện", "iapa", 58500, 9, 72, 75, 470.0, 0.31),
    District("KBang", "huyện", "kbang", 70000, 14, 131, 150, 580.0, 0.40),
    District("Kông Chro", "huyện", "kongchro", 50500, 14, 112, 70, 520.0, 0.27),
    District("Krông Pa", "huyện", "krongpa", 85000, 14, 121, 150, 640.0, 0.36),
    District("Mang Yang", "huyện", "mangyang", 65500, 12, 128, 160, 540.0, 0.48),
    District("Phú Thiện", "huyện", "phuthien", 80500, 10, 101, 140, 580.0, 0.50),
)

# Deliberately missing: (district, year, variables, why) — validation must warn about exactly these.
MISSING = (
    ("KBang", 2023, ("II.4.8.a",), "Phòng Giáo dục và Đào tạo chưa báo cáo số cơ sở giáo dục thực hiện chuyển đổi số"),
    ("Kông Chro", 2023, ("II.6.10.a", "II.6.10.b"), "chưa tổ chức khảo sát mức độ hài lòng"),
    ("Mang Yang", 2023, ("I.5",), "phần I thiếu dân số trong độ tuổi lao động, nên II.4.7 không có mẫu số"),
    ("Ia Pa", 2024, ("II.7.6.a",), "chưa có số giao dịch trên sàn thương mại điện tử"),
    ("Đak Pơ", 2024, ("II.8.4",), "chưa tách được kinh phí cho xã hội số"),
    ("Chư Prông", 2024, ("II.3.6.a",), "ô để trống trong biểu Excel (số nền tảng số ứng dụng AI)"),
)
# Short names of departments in document numbers (e.g. 12/BC-VHTT).
DOC_SIGNS = {
    "vhtt": "VHTT",
    "vp_ubnd": "VP",
    "noi_vu": "NV",
    "tckh": "TCKH",
    "kt_ht": "KTHT",
    "gddt": "GDĐT",
    "nong_nghiep": "NN",
    "cong_an": "CAH",
}
LINK_EVIDENCE = {"II.1.4", "II.1.5", "II.1.6", "II.6.1", "II.6.2", "II.6.15", "II.6.16"}


class _Draw:
    """Random draws for one district and year: a fixed offset per variable (so years move together)
    plus a small yearly noise, around the district's strength."""

    def __init__(self, index: int, year: int, strength: float):
        self.base = np.random.default_rng([SEED, index])
        self.noise = np.random.default_rng([SEED, index, year])
        self.s = strength
        self.offsets: dict[str, float] = {}

    def level(self, key: str, spread: float = 0.12) -> float:
        if key not in self.offsets:
            self.offsets[key] = float(self.base.normal(0, spread))
        return float(np.clip(self.s + self.offsets[key] + self.noise.normal(0, 0.03), 0, 1))

    def rate(self, key: str, lo: float, hi: float) -> float:
        return lo + (hi - lo) * self.level(key)

    def flag(self, key: str, threshold: float) -> bool:
        return self.level(key, spread=0.18) > threshold

    def part(self, key: str, whole: float, lo: float, hi: float) -> int:
        return min(int(whole), round(whole * self.rate(key, lo, hi)))

    def pick(self, key: str, cuts: tuple[float, ...], choices: tuple[str, ...]) -> str:
        """The first choice whose cut the level exceeds (the last choice if none)."""
        level = self.level(key, spread=0.18)
        return next((c for cut, c in zip(cuts, choices) if level > cut), choices[-1])


def _strength(index: int, district: District, year: int) -> float:
    gain = float(np.random.default_rng([SEED, index, 0]).uniform(0.02, 0.08))
    return min(district.strength + gain * (year - YEARS[0]), 0.97)


def general(d: District, index: int, year: int) -> dict[str, Value]:
    """Part I for one district-year; figures grow a little from 2023 to 2024."""
    r = np.random.default_rng([SEED, index, 1])  # fixed per district: shapes
    g = np.random.default_rng([SEED, index, 2, year])  # per year: growth
    t = year - YEARS[0]
    pop = round(d.population * (1 + r.uniform(0.011, 0.016)) ** t)
    per_household = (3.7 if d.kind != "huyện" else 4.2) + r.uniform(-0.15, 0.15)
    enterprises = round(d.enterprises * (1 + r.uniform(0.04, 0.08)) ** t)
    civil = round((85 + d.population / 2500) * (1 + g.uniform(-0.01, 0.01)))
    dx_budget = d.budget * r.uniform(0.004, 0.006 + 0.008 * d.strength) * (1 + 0.1 * t)
    return {
        "I.1": f"{d.kind.capitalize()} {d.name}",
        "I.2": f"Trung tâm hành chính {d.kind} {d.name}, tỉnh Gia Lai",
        "I.3": f"https://{d.slug}.gialai.gov.vn",
        "I.4": pop,
        "I.5": round(pop * r.uniform(0.60, 0.66)),
        "I.6": round(pop / per_household),
        "I.7": d.communes,
        "I.8": d.villages,
        "I.9": 20 + round(d.population / 25000),
        "I.10": civil,
        "I.11": round(d.population / 45 * (1 + g.uniform(-0.02, 0.02))),
        "I.12": 2 + round(d.population / 60000) + t * int(r.integers(0, 2)),
        "I.13": round((150 + d.population / 350) * (1 + r.uniform(0.03, 0.08)) ** t),
        "I.14": 6 + round(d.strength * 8) + t,
        "I.15": enterprises,
        "I.16": round(enterprises * r.uniform(0.96, 0.985)),
        "I.17": d.communes + 2 + int(r.integers(0, 4)),
        "I.18": round(dx_budget, 2),
        "I.19": 290 + int(r.integers(0, 60)),
    }


def criteria_values(part_i: Mapping[str, Value], x: _Draw, year: int, budget: float) -> dict[str, Value]:
    """Every Part II input of one district-year, consistent with its Part I (denominators from Part I left out)."""
    pop, households, working = int(part_i["I.4"]), int(part_i["I.6"]), int(part_i["I.5"])
    communes, villages = int(part_i["I.7"]), int(part_i["I.8"])
    staff = int(part_i["I.10"]) + int(part_i["I.11"])
    systems, servers, stations = int(part_i["I.14"]), int(part_i["I.12"]), int(part_i["I.13"])
    firms, smes, dx = int(part_i["I.15"]), int(part_i["I.16"]), float(part_i["I.18"])
    v: dict[str, Value] = {}
    v["II.1.1"] = x.pick("II.1.1", (0.5, 0.3), ("chairman", "vice_chairman", "none"))
    v["II.1.2.provincial"], v["II.1.2.district"] = x.flag("II.1.2.p", 0.3), x.flag("II.1.2.d", 0.45)
    v["II.1.3.b"] = 6 + round(x.rate("II.1.3.b", 0, 8))
    v["II.1.3.a"] = x.part("II.1.3.a", v["II.1.3.b"], 0.3, 1.0)
    v["II.1.4.section"] = x.flag("II.1.4.s", 0.25)
    v["II.1.4.articles"] = round(x.rate("II.1.4.a", 1, 30))
    v["II.1.5"] = x.flag("II.1.5", 0.35)
    v["II.1.6"] = x.pick("II.1.6", (0.6, 0.35), ("weekly", "monthly", "rarely"))
    for k, threshold in zip(range(1, 11), (0.3, 0.35, 0.2, 0.5, 0.4, 0.25, 0.3, 0.45, 0.5, 0.6)):
        v[f"II.2.{k}"] = x.flag(f"II.2.{k}", threshold)
    v["II.3.1.a"] = x.part("II.3.1.a", pop, 0.45, 0.78)
    v["II.3.2.a"] = x.part("II.3.2.a", households, 0.65, 0.96)
    v["II.3.3.a"] = x.part("II.3.3.a", households, 0.25, 0.88)
    v["II.3.4.a"] = x.part("II.3.4.a", communes, 0.6, 1.0)
    v["II.3.5.b"] = 10 + 2 * (year - YEARS[0])  # the province's list of required platforms grows
    v["II.3.5.a"] = x.part("II.3.5.a", v["II.3.5.b"], 0.4, 1.0)
    v["II.3.6.b"] = v["II.3.5.a"]
    v["II.3.6.a"] = x.part("II.3.6.a", v["II.3.6.b"], 0.0, 0.45)
    v["II.3.7.a"] = round(staff * x.rate("II.3.7.a", 0.3, 1.05))
    lacking = 1 + round(x.rate("II.4.1.gap", 2, 0))  # weaker districts lack the team in more communes
    v["II.4.1.a"] = communes if x.flag("II.4.1", 0.4) else communes - lacking
    v["II.4.2.a"] = x.part("II.4.2.a", villages, 0.5, 1.0)
    v["II.4.3"] = x.flag("II.4.3", 0.3)
    v["II.4.4.a"] = 12 + round(x.rate("II.4.4.a", 0, 2))
    v["II.4.4.b"] = round(x.rate("II.4.4.b", 3, 16))
    v["II.4.5"] = x.pick("II.4.5", (0.7, 0.25), ("dedicated", "part_time", "none"))
    v["II.4.6.a"] = x.part("II.4.6.a", staff, 0.2, 0.9)
    v["II.4.7.a"] = x.part("II.4.7.a", working, 0.01, 0.12)
    v["II.4.8.b"] = round(pop / 2000) + 3
    v["II.4.8.a"] = x.part("II.4.8.a", v["II.4.8.b"], 0.3, 0.95)
    v["II.5.1.b"] = systems
    v["II.5.1.a"] = x.part("II.5.1.a", systems, 0.2, 1.0)
    v["II.5.2.b"] = v["II.5.1.a"]
    v["II.5.2.a"] = x.part("II.5.2.a", v["II.5.2.b"], 0.3, 1.0)
    v["II.5.3.a"] = x.part("II.5.3.a", servers, 0.5, 1.0)
    v["II.5.4.a"] = x.part("II.5.4.a", stations, 0.6, 1.0)
    v["II.5.5.b"] = round(x.rate("II.5.5.b", 5, 0))  # botnet IPs found: fewer where protection is better
    v["II.5.5.a"] = x.part("II.5.5.a", v["II.5.5.b"], 0.5, 1.0)
    v["II.5.6.a"] = x.part("II.5.6.a", systems, 0.2, 1.0)
    v["II.5.7.a"] = x.part("II.5.7.a", systems, 0.1, 1.0)
    v["II.5.8.b"] = 1 + round(x.rate("II.5.8.b", 0, 2))
    v["II.5.8.a"] = x.part("II.5.8.a", v["II.5.8.b"], 0.4, 1.0)
    v["II.5.9.incidents"] = max(0, round(x.rate("II.5.9", -6, 24)))
    v["II.5.9.reviewed"] = v["II.5.9.incidents"] == 0 and x.flag("II.5.9.r", 0.3)
    v["II.5.10.b"] = v["II.5.9.incidents"]
    v["II.5.10.a"] = x.part("II.5.10.a", v["II.5.10.b"], 0.6, 1.0)
    v["II.5.11.b"] = round(dx * 1000 * x.rate("II.5.11.b", 0.5, 0.8), 1)
    v["II.5.11.a"] = round(v["II.5.11.b"] * x.rate("II.5.11.a", 0.01, 0.13), 1)
    v["II.6.1.compliant"], v["II.6.1.ipv6"] = x.flag("II.6.1.c", 0.3), x.flag("II.6.1.i", 0.6)
    v["II.6.2.published"], v["II.6.2.technical"] = x.flag("II.6.2.p", 0.4), x.flag("II.6.2.t", 0.55)
    v["II.6.3.b"] = 60 + round(x.rate("II.6.3.b", 0, 30))
    v["II.6.3.a"] = v["II.6.3.b"] if x.flag("II.6.3", 0.55) else x.part("II.6.3.a", v["II.6.3.b"], 0.7, 0.97)
    v["II.6.4.b"] = 250 + round(x.rate("II.6.4.b", 0, 50))
    v["II.6.4.a"] = x.part("II.6.4.a", v["II.6.4.b"], 0.05, 0.6)
    v["II.6.5.a"] = 60 + round(x.rate("II.6.5.a", 0, 80))
    v["II.6.5.b"] = 30 + round(x.rate("II.6.5.b", 0, 60))
    v["II.6.5.c"] = x.part("II.6.5.c", v["II.6.5.a"], 0.3, 0.95)
    v["II.6.5.d"] = x.part("II.6.5.d", v["II.6.5.b"], 0.4, 1.0)
    v["II.6.6.a"] = round(pop * x.rate("II.6.6.a", 0.15, 0.3))
    online = x.rate("II.6.6", 0.2, 0.92)
    v["II.6.6.b"], v["II.6.6.c"] = round(v["II.6.6.a"] * online * 0.55), round(v["II.6.6.a"] * online * 0.45)
    v["II.6.7.c"] = round(pop * x.rate("II.6.7.c", 0.05, 0.3))
    v["II.6.7.a"] = x.part("II.6.7.a", v["II.6.7.c"], 0.15, 0.7)
    v["II.6.7.d"] = round(firms * x.rate("II.6.7.d", 0.3, 0.9))
    v["II.6.7.b"] = x.part("II.6.7.b", v["II.6.7.d"], 0.3, 0.9)
    v["II.6.8.b"] = round(v["II.6.6.a"] * x.rate("II.6.8.b", 0.15, 0.3))
    v["II.6.8.a"] = x.part("II.6.8.a", v["II.6.8.b"], 0.05, 0.6)
    v["II.6.9.a"] = round(v["II.6.6.a"] * 1.15)
    v["II.6.9.b"] = x.part("II.6.9.b", v["II.6.9.a"], 0.3, 0.95)
    v["II.6.10.a"] = round(pop * x.rate("II.6.10.a", 0.005, 0.02))
    v["II.6.10.b"] = x.part("II.6.10.b", v["II.6.10.a"], 0.75, 0.99)
    v["II.6.11.district"], v["II.6.11.agencies"] = x.flag("II.6.11.d", 0.2), x.flag("II.6.11.a", 0.5)
    v["II.6.12"] = x.flag("II.6.12", 0.55)
    v["II.6.13"] = x.pick("II.6.13", (0.8, 0.45), ("personalized", "deployed", "none"))
    v["II.6.14"] = x.pick("II.6.14", (0.85, 0.55), ("personalized", "deployed", "none"))
    v["II.6.15"], v["II.6.16"] = x.flag("II.6.15", 0.35), x.flag("II.6.16", 0.45)
    v["II.6.17.b"] = round(budget, 1)
    v["II.6.17.a"] = round(dx * x.rate("II.6.17.a", 0.45, 0.6), 2)  # with II.7.7.a and II.8.4: at most I.18
    v["II.6.18.b"] = round(pop * x.rate("II.6.18.b", 0.12, 0.2))
    v["II.6.18.a"] = x.part("II.6.18.a", v["II.6.18.b"], 0.7, 0.99)
    v["II.6.19.a"] = x.part("II.6.19.a", staff, 0.5, 1.0)
    v["II.6.20"] = x.flag("II.6.20", 0.5)
    v["II.7.1.a"] = x.part("II.7.1.a", smes, 0.01, 0.15)
    v["II.7.2.a"] = x.part("II.7.2.a", smes, 0.1, 0.7)
    v["II.7.3.a"] = x.part("II.7.3.a", firms, 0.2, 0.9)
    v["II.7.4.a"] = x.part("II.7.4.a", firms, 0.8, 0.99)
    v["II.7.5.b"] = round(households * 0.72) + firms + 10 + round(x.rate("II.7.5.coops", 0, 30))
    v["II.7.5.a"] = x.part("II.7.5.a", v["II.7.5.b"], 0.002, 0.07)
    v["II.7.6.b"] = round(pop * x.rate("II.7.6.b", 0.4, 2.5))
    v["II.7.6.a"] = x.part("II.7.6.a", v["II.7.6.b"], 0.005, 0.08)
    v["II.7.7.b"] = v["II.6.17.b"]
    v["II.7.7.a"] = round(dx * x.rate("II.7.7.a", 0.04, 0.1), 2)
    v["II.8.1.a"] = x.part("II.8.1.a", pop, 0.35, 0.78)
    v["II.8.2.b"] = round(pop * 0.74)
    v["II.8.2.a"] = x.part("II.8.2.a", v["II.8.2.b"], 0.45, 0.92)
    v["II.8.3.a"] = x.part("II.8.3.a", households, 0.2, 0.95)
    v["II.8.4"] = min(round(dx * 0.3, 2), round(x.rate("II.8.4", 0.15, 2.2) * (pop / 100000) ** 0.3, 2))
    v["II.8.5"] = round(x.rate("II.8.5", 0, 30))
    return v


def _evidence(d: District, code: str, owner: str, year: int, rng: np.random.Generator) -> str:
    """A plausible evidence reference for one criterion: a document number, or a link for web content."""
    if code in LINK_EVIDENCE:
        return f"https://{d.slug}.gialai.gov.vn/chuyen-doi-so"
    n, day, month = int(rng.integers(10, 250)), int(rng.integers(1, 29)), int(rng.integers(11, 13))
    kinds = {
        "II.1.1": f"Quyết định số {n}/QĐ-UBND",
        "II.2.1": f"Nghị quyết số {n}-NQ/HU",
        "II.2.2": f"Kế hoạch số {n}/KH-UBND",
        "II.2.3": f"Kế hoạch số {n}/KH-UBND",
    }
    return f"{kinds.get(code, f'Báo cáo số {n}/BC-{DOC_SIGNS[owner]}')} ngày {day:02d}/{month:02d}/{year}"


def unit(catalogue: Catalogue, index: int, year: int) -> tuple[dict[str, Value], dict[str, str]]:
    """All values of one district-year (Part I and II, deliberate gaps removed) and their evidence."""
    d = DISTRICTS[index]
    part_i = general(d, index, year)
    budget = d.budget * 1.07 ** (year - YEARS[0])
    values = {**part_i, **criteria_values(part_i, _Draw(index, year, _strength(index, d, year)), year, budget)}
    for name, y, variables, _ in MISSING:
        if (name, y) == (d.name, year):
            for v in variables:
                values.pop(v)
    rng = np.random.default_rng([SEED, index, year, 3])
    p_evidence = 0.8 + 0.2 * d.strength
    evidence = {}
    for crit in catalogue.criteria.values():
        if rng.random() < p_evidence:
            ref = _evidence(d, crit.code, crit.responsible[0], year, rng)
            evidence.update({v.id: ref for v in crit.inputs if v.id in values})
    return values, evidence


def _csv_text(value: Value) -> str:
    """How an analyst writes a value in the long CSV: có/không, choice ids, plain numbers."""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def _cell(value: Value, var_choices: Mapping[str, str]) -> Value:
    """How a person fills a workbook cell: Có/Không and choice labels from the dropdowns, numbers as numbers."""
    if isinstance(value, bool):
        return layout.YES_NO[0] if value else layout.YES_NO[1]
    return var_choices.get(value, value) if isinstance(value, str) else value


def fill_workbook(
    wb: Workbook, catalogue: Catalogue, values: Mapping[str, Value], evidence: Mapping[str, str]
) -> Workbook:
    """Type values and evidence into a template's input cells (found by their hidden keys)."""
    labels = {v.id: {c.id: c.label.vi for c in v.choices} for v in catalogue.variables.values()}
    for ws in wb.worksheets:
        _, data = layout.scan_sheet(ws.iter_rows(values_only=True))
        for r, variable, _, columns in data:
            if variable in values:
                ws.cell(r, columns[layout.VALUE_KEY] + 1, _cell(values[variable], labels.get(variable, {})))
            if variable in evidence:
                ws.cell(r, columns[layout.EVIDENCE_KEY] + 1, evidence[variable])
    return wb


def _workbook_values(catalogue: Catalogue, values: dict[str, Value]) -> dict[str, Value]:
    """A department leaves the denominators that Part I already gives blank, as the template says."""
    return {k: v for k, v in values.items() if not (k in catalogue.variables and catalogue.variables[k].from_general)}


CONTACT = {
    "I.20.1.name": "Nguyễn Văn A (mẫu)",
    "I.20.1.unit": "Phòng Văn hóa và Thông tin",
    "I.20.1.position": "Chuyên viên",
    "I.20.1.phone": "0269 0000 000",
    "I.20.1.email": "vhtt@example.vn",
    "I.20.2.name": "Trần Thị B (mẫu)",
    "I.20.2.unit": "Phòng Văn hóa và Thông tin",
    "I.20.2.position": "Trưởng phòng",
    "I.20.2.phone": "0269 0000 001",
    "I.20.2.email": "truongphong@example.vn",
}


def write_sample(out: str | Path = SAMPLE_DIR, catalogue: Catalogue | None = None) -> list[Path]:
    """Write the sample files into `out`: long CSV, district list, Chư Prông workbook, README."""
    catalogue = catalogue or load_catalogue()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    names = [d.name for d in DISTRICTS]
    order = list(catalogue.general_fields) + list(catalogue.variables)
    lines = [["district", "year", "variable", "value", "evidence"]]
    for year in YEARS:
        for index, d in enumerate(DISTRICTS):
            values, evidence = unit(catalogue, index, year)
            if (d.name, year) == WORKBOOK[:2]:
                wb = template_workbook(catalogue, d.name, year)
                fill_workbook(wb, catalogue, {**_workbook_values(catalogue, values), **CONTACT}, evidence)
                save_workbook(wb, out / WORKBOOK[2], STAMP)
                continue
            lines += [[d.name, str(year), k, _csv_text(values[k]), evidence.get(k, "")] for k in order if k in values]
    written = [
        _write_csv(out / CSV_NAME, lines),
        _write_csv(
            out / DISTRICTS_NAME, [["district", "kind", "province"]] + [[d.name, d.kind, "Gia Lai"] for d in DISTRICTS]
        ),
        out / WORKBOOK[2],
    ]
    (out / "README.md").write_text(readme(catalogue, names), encoding="utf-8")
    return written + [out / "README.md"]


def _write_csv(path: Path, lines: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def affected(catalogue: Catalogue, variable: str) -> list[str]:
    """The criteria a missing variable leaves without data (through Part I for a Part I field)."""
    if variable in catalogue.variables:
        return [catalogue.variables[variable].criterion]
    return [v.criterion for v in catalogue.variables.values() if variable in v.from_general]


def readme(catalogue: Catalogue, names: list[str]) -> str:
    """inputs/README.md: what the files are, that they are synthetic, and what is missing on purpose."""
    gaps = "\n".join(
        f"| {name} | {year} | {', '.join(f'`{v}`' for v in variables)} | "
        f"{', '.join(dict.fromkeys(c for v in variables for c in affected(catalogue, v)))} | {why} |"
        for name, year, variables, why in MISSING
    )
    return f"""# Sample inputs: Gia Lai, 2023–2024 (SYNTHETIC)

**The values in this folder are synthetic.** They were made up by `dxkit/sample.py` (fixed
seed {SEED}) to exercise dxkit. They are not official statistics and say nothing about the real
districts. Any report built from them must say so.

{SYNTHETIC_NOTE["vi"]}

- `{CSV_NAME}`: long form (`district,year,variable,value,evidence`), {len(names)} units × {len(YEARS)} years,
  except Chư Prông 2024. Booleans are written `có`/`không`, choices by id (`chairman`, `weekly`, ...).
  Denominators that Part I gives (population, households, communes, civil servants, ...) are left out
  on purpose: dxkit takes them from Part I and says so in the explanation.
- `{WORKBOOK[2]}`: Chư Prông 2024 as the departments would return it: the
  `dxkit template` workbook filled with the Vietnamese dropdown values (Có/Không, choice labels),
  Part I denominators left blank as the template allows. It is not in the CSV, so the two never
  conflict.
- `{DISTRICTS_NAME}`: the {len(names)} district-level units, for `dxkit validate --districts`:
  {", ".join(names)}.

Part I figures have the right order of magnitude (population, households, communes, enterprises...),
every ratio is consistent with Part I, districts range from strong (Pleiku, An Khê) to weak
(Kông Chro, Ia Pa), and 2024 improves on 2023. Some evidence references are left blank on purpose,
more often in weaker districts (see `dxkit evidence inputs/`). Where no botnet IP was found (II.5.5
denominator 0) the criterion is listed for review with 0 points by default, as the core rules say.

## Deliberately missing values

`dxkit validate inputs/ --districts inputs/districts.csv` reports exactly these, as warnings, and
nothing else:

| District | Year | Missing | Criterion warned | Why (story) |
|---|---|---|---|---|
{gaps}

## Regenerate

```
python -m dxkit.sample          # rewrites this folder byte for byte
```
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the synthetic Gia Lai sample inputs.")
    parser.add_argument("--out", default=str(SAMPLE_DIR), help=f"folder to write (default: {SAMPLE_DIR})")
    args = parser.parse_args(argv)
    for path in write_sample(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
