"""Build the Marsad knowledge base (persons, orgs, places) from ../shared/data and the
curated supplement in ``marsad/entities/data/curated``.

Run from the repository root::

    .venv/bin/python scripts/build_kb.py            # writes marsad/entities/data/*.jsonl
    .venv/bin/python scripts/build_kb.py --out /tmp/kb --shared /path/to/shared

Inputs (see marsad/entities/data/README.md for origins and licences):

1. countries: CLDR Arabic/English names (country_names_ar), ISO2 -> ISO3 through the
   Phoenix ``countrynames.txt`` table plus ``curated/iso_codes.jsonl``, with curated
   aliases and gentilic stems (``curated/countries.jsonl``);
2. cities: ``world_cities_ar`` (population >= MIN_CITY_POPULATION), then
   ``curated/places.jsonl`` (regions, missing cities, extra aliases);
3. organisations: ``curated/orgs.jsonl`` and a foreign/defence ministry pair for each
   state in ``curated/ministries.jsonl``;
4. persons: ``curated/persons.jsonl`` (authoritative), the Phoenix English actor
   dictionary (dated CAMEO roles; Arabic name by the Wikidata name-token table) and the
   UniversalPetrarch Arabic actor dictionary (Arabic names with dated roles; English
   name by the Google/Wikidata transliteration pairs), merged by English slug or Arabic
   match key.

The output is deterministic: running the script twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import json
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def _load_match_key() -> Callable[[str], str]:
    """Import ``marsad/arabic/normalize.py`` by path, so the build does not import (and
    depend on) the rest of the package."""
    path = REPO / "marsad" / "arabic" / "normalize.py"
    spec = importlib.util.spec_from_file_location("_marsad_normalize", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    func: Callable[[str], str] = module.match_key
    return func


match_key = _load_match_key()

DATA_DIR = REPO / "marsad" / "entities" / "data"
CURATED_DIR = DATA_DIR / "curated"

#: Cities below this population are dropped (the brief: "population >= 100k").
MIN_CITY_POPULATION = 100_000
#: Two-digit Phoenix years at or below this pivot are 20xx; the dictionaries date from 2014.
TWO_DIGIT_YEAR_PIVOT = 30
#: Dates the dictionaries use as "open" or "unknown" placeholders, not real dates.
PLACEHOLDER_DATES = frozenset({"18000101", "19000101", "19700101"})
#: Phoenix country codes whose persons are imported (the region and the powers active in it).
PHOENIX_COUNTRIES = frozenset(
    [
        "SYR",
        "IRN",
        "RUS",
        "TUR",
        "IRQ",
        "LBN",
        "JOR",
        "SAU",
        "ARE",
        "QAT",
        "KWT",
        "BHR",
        "OMN",
        "YEM",
        "EGY",
        "ISR",
        "PSE",
        "LBY",
        "TUN",
        "DZA",
        "MAR",
        "SDN",
        "AZE",
        "ARM",
        "GEO",
        "KAZ",
        "AFG",
        "PAK",
        "UKR",
        "USA",
        "GBR",
        "FRA",
        "DEU",
        "CHN",
    ]
)

JsonObj = dict[str, Any]

# CAMEO sector codes -> (role_en, role_ar). Order matters: the first known code wins.
SECTOR_ROLES: dict[str, tuple[str, str]] = {
    "GOV": ("government official", "مسؤول حكومي"),
    "MIL": ("military officer", "مسؤول عسكري"),
    "LEG": ("legislator", "نائب في البرلمان"),
    "JUD": ("judicial official", "مسؤول قضائي"),
    "SPY": ("intelligence official", "مسؤول استخباري"),
    "COP": ("police official", "مسؤول أمني"),
    "PTY": ("party leader", "قيادي حزبي"),
    "OPP": ("opposition figure", "معارض"),
    "REB": ("rebel leader", "قيادي في جماعة مسلحة"),
    "UAF": ("armed group member", "عضو في جماعة مسلحة"),
    "MED": ("media figure", "إعلامي"),
    "BUS": ("business figure", "رجل أعمال"),
    "EDU": ("academic", "أكاديمي"),
    "CVL": ("civilian figure", "شخصية مدنية"),
    "REL": ("religious figure", "شخصية دينية"),
    "ELI": ("elite figure", "شخصية بارزة"),
    "UNO": ("United Nations official", "مسؤول أممي"),
}
IGO_ROLE = ("official of an international organisation", "مسؤول في منظمة دولية")

# Arabic tokens that mark a phrase as a title, a body or a place, not a personal name.
_NOT_NAME_AR = frozenset(
    [
        "وزير",
        "وزارة",
        "رئيس",
        "رئاسة",
        "حزب",
        "حركة",
        "قوة",
        "قوات",
        "جيش",
        "مجلس",
        "حكومة",
        "سلطة",
        "أمين",
        "عام",
        "دولة",
        "جامعة",
        "منظمة",
        "اتحاد",
        "شرطة",
        "ملك",
        "عاهل",
        "أمير",
        "سفير",
        "مبعوث",
        "متحدث",
        "ناطق",
        "نائب",
        "مساعد",
        "مستشار",
        "قائد",
        "زعيم",
        "جنرال",
        "عقيد",
        "لواء",
        "عميد",
        "شيخ",
        "إمام",
        "مدير",
        "محافظ",
        "هيئة",
        "لجنة",
        "جبهة",
        "جماعة",
        "تنظيم",
        "كتائب",
        "ولاية",
        "مدينة",
        "إقليم",
        "وكالة",
        "صحيفة",
        "قناة",
        "بنك",
        "صندوق",
        "شركة",
        "مؤسسة",
        "معهد",
        "مركز",
        "جمعية",
        "برلمان",
        "نقابة",
        "ديوان",
        "محكمة",
    ]
)
_NAME_PARTICLES_AR = frozenset({"بن", "ابن", "بنت", "أبو", "ابو", "عبد", "آل", "ال"})
_SLUG_RE = re.compile(r"[^a-z0-9]+")
_CODE_RE = re.compile(r"\[([^\]]*)\]")
_DATE_RANGE_RE = re.compile(
    r"^(?:(\d{6}|\d{8})?-(\d{6}|\d{8})?|>\s*(\d{6}|\d{8})|<\s*(\d{6}|\d{8}))$"
)
_ARABIC_RE = re.compile("[\u0600-\u06ff]")


# ----------------------------------------------------------------------------- helpers


def slugify(text: str) -> str:
    """Lowercase ASCII slug: ``"Côte d’Ivoire"`` -> ``"cote-divoire"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.lower().replace("'", "").replace("&", "and")
    return _SLUG_RE.sub("-", ascii_text).strip("-")


def read_jsonl(path: Path) -> Iterator[JsonObj]:
    """Yield the JSON objects of a JSONL file, skipping blank lines."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def uniq(items: Iterable[str | None], drop: Iterable[str] = ()) -> list[str]:
    """Distinct non-empty strings in first-seen order, without those whose match key is
    in ``drop`` (normally the entry's own ``name_ar``)."""
    seen = {match_key(d) for d in drop}
    out: list[str] = []
    for item in items:
        if not item:
            continue
        item = " ".join(item.split())
        key = match_key(item)
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def parse_date(raw: str | None) -> str | None:
    """``YYYYMMDD`` or Phoenix ``YYMMDD`` -> ISO date; 1 January becomes the bare year
    (the dictionaries use it for "some time that year"); placeholders and invalid -> None."""
    if not raw or raw in PLACEHOLDER_DATES:
        return None
    if len(raw) == 6:
        year2 = int(raw[:2])
        raw = ("20" if year2 <= TWO_DIGIT_YEAR_PIVOT else "19") + raw
    try:
        day = dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        return None
    if day.year < 1900:
        return None
    if day.month == 1 and day.day == 1:
        return f"{day.year:04d}"
    return day.isoformat()


def parse_code(body: str) -> tuple[str, str | None, str | None] | None:
    """``"RUSGOV 991231-080507"`` -> ``("RUSGOV", start, end)``; None when unparsable."""
    body = body.split("#")[0].strip()
    if not body:
        return None
    code, _, rest = body.partition(" ")
    rest = rest.strip()
    start = end = None
    if rest:
        m = _DATE_RANGE_RE.match(rest.replace(" ", ""))
        if m is None:
            return None
        a, b, after, before = m.groups()
        start, end = parse_date(a or after), parse_date(b or before)
        if start and end and end < start:
            end = None  # the dictionaries write an open end as an earlier date
    return code.strip().upper(), start, end


@dataclass
class Tables:
    """Shared lookup tables built from the source data."""

    iso3: set[str] = field(default_factory=set)
    en_to_ar: dict[str, str] = field(default_factory=dict)  # English name token -> Arabic
    ar_to_en: dict[str, str] = field(default_factory=dict)  # Arabic match key -> English


def office_from_code(code: str, start: str | None, end: str | None, iso3: set[str]) -> JsonObj:
    """A CAMEO actor code with dates -> an office object."""
    country = code[:3] if code[:3] in iso3 else None
    rest = code[3:] if country else code
    role = IGO_ROLE if code.startswith("IGO") else None
    chunks = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    for chunk in chunks:
        if chunk in SECTOR_ROLES:
            role = SECTOR_ROLES[chunk]
            break
    role_en, role_ar = role or ("public figure", "شخصية عامة")
    return {"role_ar": role_ar, "role_en": role_en, "org": None, "country": country,
            "start": start, "end": end, "role_variants_ar": []}  # fmt: skip


# ----------------------------------------------------------------------------- places


def load_iso_table(shared: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Return (ISO2 -> ISO3, English country name -> ISO3)."""
    en_iso3: dict[str, str] = {}
    with (shared / "data/phoenix_cameo_dictionaries/countrynames.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and re.fullmatch("[A-Z]{3}", parts[1]):
                en_iso3[parts[0]] = parts[1]
    iso2: dict[str, str] = {
        r["iso2"]: r["iso3"] for r in read_jsonl(CURATED_DIR / "iso_codes.jsonl")
    }
    with (shared / "data/country_names_ar/country_en.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["id"] not in iso2 and row["value"] in en_iso3:
                iso2[row["id"]] = en_iso3[row["value"]]
            if row["id"] in iso2:
                en_iso3.setdefault(row["value"], iso2[row["id"]])
    return iso2, en_iso3


def gentilic_forms(stem: str) -> list[str]:
    """Masculine/feminine, definite, sound plural and adverbial forms of a nisba stem:
    ``"روسي"`` -> ``روسي، روسية، الروسي، الروسية، الروسيون، الروسيين، روسياً …``."""
    forms = [stem, stem + "\u0629", stem + "\u0648\u0646", stem + "\u064a\u0646"]
    definite = ["\u0627\u0644" + f for f in forms]
    adverbial = [stem + "\u0627\u064b", stem + "\u0627"]  # روسياً and its undotted spelling
    return forms + definite + adverbial


def build_countries(shared: Path, iso2_iso3: dict[str, str]) -> list[JsonObj]:
    """One LOC entry per CLDR country, with curated aliases and gentilics."""

    def read_csv(name: str) -> dict[str, str]:
        with (shared / "data/country_names_ar" / name).open(encoding="utf-8") as fh:
            return {r["id"]: r["value"] for r in csv.DictReader(fh)}

    ar, en = read_csv("country_ar.csv"), read_csv("country_en.csv")
    extra = {r["iso3"]: r for r in read_jsonl(CURATED_DIR / "countries.jsonl")}
    out: list[JsonObj] = []
    # Several ISO2 codes can map to one ISO3 in the source tables (JE -> GBR): keep one
    # country per ISO3, the code whose letters start the ISO3 code when there is one.
    owner: dict[str, str] = {}
    for code2 in sorted(en):
        iso3 = iso2_iso3.get(code2)
        if iso3 is not None and code2 in ar and (iso3 not in owner or code2 == iso3[:2]):
            owner[iso3] = code2
    for code2 in sorted(en):
        iso3 = iso2_iso3.get(code2)
        if iso3 is None or code2 not in ar or owner.get(iso3) != code2:
            continue
        cur = extra.get(iso3, {})
        name_en = cur.get("name_en") or en[code2]
        name_ar = cur.get("name_ar") or ar[code2]
        gentilics: list[str] = []
        for stem in cur.get("gentilic_stems", []):
            gentilics += gentilic_forms(stem)
        gentilics += cur.get("gentilics_extra", [])
        aliases = [ar[code2], *cur.get("aliases_ar", [])]
        if "(" in ar[code2]:
            aliases.append(ar[code2].split("(")[0])
        out.append({
            "id": cur.get("id") or slugify(name_en.split("(")[0]),
            "type": "LOC", "kind": "country", "name_en": name_en, "name_ar": name_ar,
            "aliases_ar": uniq(aliases, [name_ar]), "country": iso3,
            "gentilics_ar": uniq(gentilics), "population": None, "ambiguous_with": [],
        })  # fmt: skip
    return out


_CITY_PREFIX_RE = re.compile(
    "^(?:\u0648\u0644\u0627\u064a\u0629|\u0645\u062d\u0627\u0641\u0638\u0629|\u0645\u062f\u064a\u0646\u0629) "
)  # ولاية محافظة مدينة


def build_cities(
    shared: Path, en_iso3: dict[str, str], countries: list[JsonObj]
) -> tuple[list[JsonObj], int]:
    """World cities with population >= MIN_CITY_POPULATION; returns (cities, unmapped)."""
    taken = {c["id"] for c in countries}
    country_keys = {match_key(n) for c in countries for n in (c["name_ar"], *c["aliases_ar"])}
    rows: list[dict[str, str]] = []
    with (shared / "data/world_cities_ar/world-cities.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    rows.sort(key=lambda r: (-int(r["Population"] or 0), r["CityNameEn"], r["CountryNameEn"]))
    out: list[JsonObj] = []
    unmapped = 0
    seen = set(taken)
    for r in rows:
        pop = int(r["Population"] or 0)
        if pop < MIN_CITY_POPULATION:
            continue
        iso3 = en_iso3.get(r["CountryNameEn"])
        if iso3 is None:
            unmapped += 1
            continue
        name_ar = " ".join(r["CityNameAr"].split())
        short = _CITY_PREFIX_RE.sub("", name_ar)
        if match_key(short) in country_keys:
            continue  # a city named like a country (or a mislabelled row): the country wins
        cid = slugify(r["CityNameEn"])
        if not cid or not _ARABIC_RE.search(name_ar):
            continue
        if cid in seen:
            cid = f"{cid}-{iso3.lower()}"
        if cid in seen:
            continue
        seen.add(cid)
        out.append({
            "id": cid, "type": "LOC", "kind": "city", "name_en": r["CityNameEn"], "name_ar": short,
            "aliases_ar": uniq([name_ar], [short]), "country": iso3, "gentilics_ar": [],
            "population": pop, "ambiguous_with": [],
        })  # fmt: skip
    return out, unmapped


def merge_curated_places(places: list[JsonObj]) -> list[JsonObj]:
    """Overlay ``curated/places.jsonl`` on the generated places (by id)."""
    by_id = {p["id"]: p for p in places}
    by_name = {(match_key(p["name_ar"]), p["country"]): p for p in reversed(places)}
    for cur in read_jsonl(CURATED_DIR / "places.jsonl"):
        base = by_id.get(cur["id"])
        same = by_name.get((match_key(cur["name_ar"]), cur.get("country")))
        if base is None and same is not None and same["kind"] == "city":
            base = by_id[cur["id"]] = same  # a world city under another spelling of its id
            by_id.pop(same["id"], None)
            same["id"] = cur["id"]
        if base is None:
            base = {"id": cur["id"], "type": "LOC", "gentilics_ar": [], "population": None,
                    "aliases_ar": [], "ambiguous_with": []}  # fmt: skip
            by_id[cur["id"]] = base
            places.append(base)
        old_names = [base.get("name_ar"), *base["aliases_ar"]]
        for key in ("kind", "name_en", "name_ar", "country"):
            if key in cur:
                base[key] = cur[key]
        base["aliases_ar"] = uniq([*old_names, *cur.get("aliases_ar", [])], [base["name_ar"]])
        base["ambiguous_with"] = sorted({*base["ambiguous_with"], *cur.get("ambiguous_with", [])})
    return places


# ----------------------------------------------------------------------------- orgs


def build_orgs(countries: dict[str, JsonObj]) -> list[JsonObj]:
    """Curated organisations plus a foreign and a defence ministry per listed state."""
    out: list[JsonObj] = []
    for r in read_jsonl(CURATED_DIR / "orgs.jsonl"):
        out.append({
            "id": r["id"], "type": r["type"], "kind": r["kind"], "name_en": r["name_en"],
            "name_ar": r["name_ar"], "aliases_ar": uniq(r.get("aliases_ar", []), [r["name_ar"]]),
            "country": r.get("country"), "ambiguous_with": sorted(r.get("ambiguous_with", [])),
            "source": "curated",
        })  # fmt: skip
    have = {o["id"] for o in out}
    for m in read_jsonl(CURATED_DIR / "ministries.jsonl"):
        country = countries[m["iso3"]]
        fems = [
            g
            for g in country["gentilics_ar"]
            if g.startswith("\u0627\u0644") and g.endswith("\u0629")
        ]
        if not fems:
            continue
        specs = (
            (
                "ministry-of-foreign-affairs",
                "Ministry of Foreign Affairs",
                "\u0627\u0644\u062e\u0627\u0631\u062c\u064a\u0629",
            ),  # الخارجية
            (
                "ministry-of-defence",
                "Ministry of Defence",
                "\u0627\u0644\u062f\u0641\u0627\u0639",
            ),  # الدفاع
        )
        for suffix, label, word in specs:
            oid = f"{m['demonym_en']}-{suffix}"
            if oid in have:
                continue
            names = [f"\u0648\u0632\u0627\u0631\u0629 {word} {f}" for f in fems]  # وزارة …
            aliases = names[1:] + [f"{word} {f}" for f in fems]
            out.append({
                "id": oid, "type": "ORG", "kind": "ministry", "name_en": f"{label} of {m['country_en']}",
                "name_ar": names[0], "aliases_ar": uniq(aliases, [names[0]]), "country": m["iso3"],
                "ambiguous_with": [], "source": "curated",
            })  # fmt: skip
            have.add(oid)
    return out


# ----------------------------------------------------------------------------- persons


def load_name_tables(shared: Path) -> Tables:
    """English<->Arabic name-token tables (Wikidata tokens, Google transliteration pairs)."""
    t = Tables()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    path = shared / "data/wikidata_person_names_ar_en/wd_arabic.normalized.aligned.tokens"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                continue
            en_tok, ar_letters, n = parts
            ar_tok = ar_letters.replace(" ", "")
            t.en_to_ar.setdefault(en_tok.lower(), ar_tok)
            counts[match_key(ar_tok)][en_tok.lower()] += int(n)
    with (shared / "data/google_transliteration_ar2en/ar2en.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and parts[1].isascii() and "." not in parts[0]:
                counts[match_key(parts[0])][parts[1].lower()] += 1
    for key, c in counts.items():
        t.ar_to_en[key] = min(c, key=lambda w: (-c[w], w))
    return t


def en_name_to_ar(tokens: Sequence[str], t: Tables) -> str | None:
    """Arabic spelling of an English name by token table; None if a token is unknown."""
    out: list[str] = []
    for tok in tokens:
        tok = tok.lower().strip(".,")
        if re.fullmatch(r"[a-z]\.?", tok):
            continue  # middle initial
        if tok in t.en_to_ar:
            out.append(t.en_to_ar[tok])
        elif tok.startswith(("al-", "el-")) and tok[3:] in t.en_to_ar:
            out.append("\u0627\u0644" + t.en_to_ar[tok[3:]])
        else:
            return None
    return " ".join(out) if len(out) >= 2 else None


def ar_name_to_en(tokens: Sequence[str], t: Tables) -> str | None:
    """English spelling of an Arabic name by token table; None if a token is unknown."""
    out: list[str] = []
    for tok in tokens:
        key = match_key(tok)
        if key in t.ar_to_en:
            out.append(t.ar_to_en[key].title())
        elif key.startswith("\u0627\u0644") and key[2:] in t.ar_to_en:
            out.append("al-" + t.ar_to_en[key[2:]].title())
        elif key in {"\u0628\u0646", "\u0627\u0628\u0646"}:
            out.append("bin")
        elif key == "\u0639\u0628\u062f":
            out.append("Abd")
        else:
            return None
    return " ".join(out)


def parse_phoenix(shared: Path, t: Tables) -> list[JsonObj]:
    """Persons of ``Phoenix.Countries.actors.txt`` (``NAME_ # CountryInfo.txt`` blocks)."""
    path = shared / "data/phoenix_cameo_dictionaries/Phoenix.Countries.actors.txt"
    persons: list[JsonObj] = []
    current: JsonObj | None = None
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if "# CountryInfo" in line and not line[0].isspace() and not line.startswith("+"):
                head = line.split("#")[0].strip().rstrip("_")
                tokens = [x for x in head.split("_") if x]
                current = {"tokens": tokens, "offices": []}
                persons.append(current)
            elif current is not None and line.lstrip().startswith("["):
                for body in _CODE_RE.findall(line):
                    parsed = parse_code(body)
                    if parsed:
                        current["offices"].append(office_from_code(*parsed, t.iso3))
            elif (
                line.strip()
                and not line.startswith(("+", " ", "\t"))
                and "# CountryInfo" not in line
                and not re.fullmatch(r"[A-Z0-9_.,'\-]+\s*", line.strip() + " ")
            ):
                current = None  # a line that is not a name ends the block
    out: list[JsonObj] = []
    for p in persons:
        offices = [o for o in p["offices"] if o["country"] in PHOENIX_COUNTRIES]
        if not offices or not any(o["start"] or o["end"] for o in offices):
            continue
        name_ar = en_name_to_ar(p["tokens"], t)
        if name_ar is None:
            continue
        name_en = " ".join(
            w.capitalize() if "-" not in w else "-".join(x.capitalize() for x in w.split("-"))
            for w in p["tokens"]
        )
        name_en = re.sub(r"\bAl-", "al-", name_en)
        out.append(new_person(slugify(name_en), name_en, name_ar, [], offices, "phoenix"))
    return out


def parse_universalpetrarch(shared: Path, t: Tables) -> list[JsonObj]:
    """Persons of the Arabic actor dictionary: multi-token names of name words only,
    with at least one CAMEO code. A date range copied from the block above (a frequent
    slip in that file) is dropped."""
    path = shared / "data/universalpetrarch_arabic/actor_dict_ar_v4.txt"
    blocks: list[tuple[str, list[str]]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            if line[0].isspace() and line.strip().startswith("["):
                if blocks:
                    blocks[-1][1].extend(_CODE_RE.findall(line))
                continue
            name, _, rest = line.strip().partition("[")
            blocks.append((name.strip(), _CODE_RE.findall("[" + rest) if rest else []))
    out: list[JsonObj] = []
    prev_ranges: set[tuple[str | None, str | None]] = set()
    for name, codes in blocks:
        parsed = [p for p in (parse_code(c) for c in codes) if p]
        ranges = {(s, e) for _, s, e in parsed if s or e}
        copied, prev_ranges = ranges & prev_ranges, ranges
        tokens = [x for x in name.replace("\u0640", "").split("_") if x]
        if len(tokens) < 2 or not parsed:
            continue
        if any(tok in _NOT_NAME_AR for tok in tokens):
            continue
        if not all(match_key(tok) in t.ar_to_en or tok in _NAME_PARTICLES_AR
                   or (tok.startswith("\u0627\u0644") and match_key(tok[2:]) in t.ar_to_en)
                   for tok in tokens):  # fmt: skip
            continue
        name_ar = " ".join(tokens)
        name_en = ar_name_to_en(tokens, t)
        if name_en is None:
            continue
        offices = []
        for code, start, end in parsed:
            if (start, end) in copied:
                start = end = None
            offices.append(office_from_code(code, start, end, t.iso3))
        out.append(new_person(slugify(name_en), name_en, name_ar, [], offices, "universalpetrarch"))
    return out


def new_person(pid: str, name_en: str, name_ar: str, aliases: list[str],
               offices: list[JsonObj], source: str) -> JsonObj:  # fmt: skip
    """A person object with the country of its latest office."""
    countries = [
        o["country"] for o in sorted(offices, key=lambda o: o["start"] or "") if o["country"]
    ]
    return {"id": pid, "type": "PERSON", "name_en": name_en, "name_ar": name_ar,
            "aliases_ar": aliases, "country": countries[-1] if countries else None,
            "offices": offices, "source": source}  # fmt: skip


def _office_key(o: JsonObj) -> tuple[Any, ...]:
    return (o["start"] or "", o["end"] or "", o["role_en"], o["country"] or "")


def merge_persons(curated: list[JsonObj], *generated: list[JsonObj]) -> list[JsonObj]:
    """Curated first (authoritative: only attested Arabic spellings are added to it),
    then each generated source, merged on English slug or Arabic match key."""
    by_id: dict[str, JsonObj] = {}
    by_key: dict[str, JsonObj] = {}

    def index(p: JsonObj) -> None:
        by_id[p["id"]] = p
        for name in (p["name_ar"], *p["aliases_ar"]):
            by_key.setdefault(match_key(name), p)

    for p in curated:
        index(p)
    for source in generated:
        for p in source:
            by_name = by_key.get(match_key(p["name_ar"]))
            if by_name is not None and by_name["source"] == "curated":
                hit: JsonObj | None = by_name
            else:
                hit = by_id.get(p["id"]) or by_name
            if hit is None:
                index(p)
                continue
            if hit["source"] == "curated":
                if p["source"] == "universalpetrarch":  # a real Arabic spelling
                    hit["aliases_ar"] = uniq([*hit["aliases_ar"], p["name_ar"]], [hit["name_ar"]])
                    index(hit)
                continue
            if p["source"] == "universalpetrarch" and hit["source"] == "phoenix":
                # Keep Phoenix's English name; prefer the attested Arabic spelling.
                hit["aliases_ar"] = uniq([hit["name_ar"], *hit["aliases_ar"]], [p["name_ar"]])
                hit["name_ar"] = p["name_ar"]
            else:
                hit["aliases_ar"] = uniq([*hit["aliases_ar"], p["name_ar"]], [hit["name_ar"]])
            seen = {_office_key(o) for o in hit["offices"]}
            hit["offices"] += [o for o in p["offices"] if _office_key(o) not in seen]
            index(hit)
    return list(by_id.values())


def load_curated_persons() -> list[JsonObj]:
    """``curated/persons.jsonl`` with defaults filled in."""
    out = []
    for r in read_jsonl(CURATED_DIR / "persons.jsonl"):
        offices = [{**o, "role_variants_ar": uniq(o.get("role_variants_ar", []), [o["role_ar"]])}
                   for o in r.get("offices", [])]  # fmt: skip
        out.append({"id": r["id"], "type": "PERSON", "name_en": r["name_en"], "name_ar": r["name_ar"],
                    "aliases_ar": uniq(r.get("aliases_ar", []), [r["name_ar"]]), "country": r.get("country"),
                    "offices": offices, "source": "curated"})  # fmt: skip
    return out


# ----------------------------------------------------------------------------- output


def write_jsonl(path: Path, rows: list[JsonObj]) -> None:
    """Write rows sorted by id, one compact JSON object a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = sorted(rows, key=lambda r: r["id"])
    text = "".join(json.dumps(r, ensure_ascii=False, separators=(", ", ": ")) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")


def build(shared: Path, out_dir: Path) -> dict[str, int]:
    """Build the three files into ``out_dir``; return the counts."""
    # 1. countries
    iso2_iso3, en_iso3 = load_iso_table(shared)
    countries = build_countries(shared, iso2_iso3)
    by_iso3 = {c["country"]: c for c in countries}
    # 2. cities and curated places
    cities, unmapped = build_cities(shared, en_iso3, countries)
    places = merge_curated_places(countries + cities)
    # 3. organisations
    orgs = build_orgs(by_iso3)
    # 4. persons
    tables = load_name_tables(shared)
    tables.iso3 = set(by_iso3)
    persons = merge_persons(load_curated_persons(), parse_phoenix(shared, tables),
                            parse_universalpetrarch(shared, tables))  # fmt: skip
    taken = {x["id"] for x in places} | {x["id"] for x in orgs}
    persons = [p for p in persons if p["id"] and p["id"] not in taken]
    for p in persons:
        p["offices"].sort(key=lambda o: (o["start"] or "", o["end"] or "9999", o["role_en"]))
    write_jsonl(out_dir / "persons.jsonl", persons)
    write_jsonl(out_dir / "orgs.jsonl", orgs)
    write_jsonl(out_dir / "places.jsonl", places)
    dated = sum(1 for p in persons if any(o["start"] or o["end"] for o in p["offices"]))
    src = Counter(p["source"] for p in persons)
    kinds = Counter(x["kind"] for x in places) + Counter(x["kind"] for x in orgs)
    return {
        "persons": len(persons), "persons_dated": dated,
        "persons_curated": src["curated"], "persons_phoenix": src["phoenix"],
        "persons_universalpetrarch": src["universalpetrarch"],
        "orgs": len(orgs), "news_agencies": kinds["news_agency"], "outlets": kinds["outlet"],
        "places": len(places), "countries": kinds["country"], "cities": kinds["city"],
        "regions": kinds["region"], "cities_unmapped_country": unmapped,
    }  # fmt: skip


def default_shared() -> Path:
    """``$MARSAD_SHARED`` or ``<repo>/../shared``."""
    env = os.environ.get("MARSAD_SHARED")
    return Path(env) if env else (REPO / ".." / "shared").resolve()


def main(argv: Sequence[str] | None = None) -> dict[str, int]:
    """Command-line entry point; returns the counts it printed."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=default_shared(), help="the shared/ folder")
    ap.add_argument("--out", type=Path, default=DATA_DIR, help="output folder")
    args = ap.parse_args(argv)
    counts = build(args.shared, args.out)
    for key, value in counts.items():
        print(f"{key}: {value}")
    return counts


if __name__ == "__main__":
    main()
