"""A tiny knowledge base written into a temporary folder for the entity tests.

The names are real public figures and places; every sentence in the tests is original.
"""

from __future__ import annotations

import json
from pathlib import Path

from marsad.entities.kb import KnowledgeBase

PERSONS = [
    {
        "id": "sergey-lavrov",
        "type": "PERSON",
        "name_en": "Sergey Lavrov",
        "name_ar": "سيرغي لافروف",
        "aliases_ar": ["لافروف"],
        "country": "RUS",
        "offices": [
            {
                "role_ar": "وزير الخارجية الروسي",
                "role_en": "Foreign Minister",
                "org": None,
                "country": "RUS",
                "start": "2004-03-09",
                "end": None,
            }
        ],
    },
    {
        "id": "alexander-lavrentiev",
        "type": "PERSON",
        "name_en": "Alexander Lavrentiev",
        "name_ar": "ألكسندر لافرنتييف",
        "aliases_ar": ["لافرنتييف"],
        "country": "RUS",
        "offices": [
            {
                "role_ar": "المبعوث الخاص للرئيس الروسي إلى سوريا",
                "role_en": "Envoy",
                "org": None,
                "country": "RUS",
                "start": "2017",
                "end": None,
            }
        ],
    },
    {
        "id": "vladimir-putin",
        "type": "PERSON",
        "name_en": "Vladimir Putin",
        "name_ar": "فلاديمير بوتين",
        "aliases_ar": ["بوتين"],
        "country": "RUS",
        "offices": [
            {
                "role_ar": "الرئيس الروسي",
                "role_en": "President",
                "org": None,
                "country": "RUS",
                "start": "2012-05-07",
                "end": None,
            }
        ],
    },
]
PLACES = [
    {
        "id": "russia",
        "type": "LOC",
        "kind": "country",
        "name_en": "Russia",
        "name_ar": "روسيا",
        "aliases_ar": [],
        "country": "RUS",
        "gentilics_ar": ["روسي", "الروسي", "الروسية", "روسياً"],
    },
    {
        "id": "iran",
        "type": "LOC",
        "kind": "country",
        "name_en": "Iran",
        "name_ar": "إيران",
        "aliases_ar": ["ايران"],
        "country": "IRN",
        "gentilics_ar": ["إيراني", "الإيراني", "الإيرانية", "الايراني", "الايرانية"],
    },
    {
        "id": "tehran",
        "type": "LOC",
        "kind": "city",
        "name_en": "Tehran",
        "name_ar": "طهران",
        "aliases_ar": [],
        "country": "IRN",
        "population": 8000000,
    },
    {
        "id": "astana",
        "type": "LOC",
        "kind": "city",
        "name_en": "Astana",
        "name_ar": "أستانة",
        "aliases_ar": [],
        "country": "KAZ",
        "population": 1000000,
        "ambiguous_with": ["astana-process"],
    },
    {
        "id": "beira",
        "type": "LOC",
        "kind": "city",
        "name_en": "Beira",
        "name_ar": "بيرة",
        "aliases_ar": [],
        "country": "MOZ",
        "population": 500000,
    },
]
ORGS = [
    {
        "id": "astana-process",
        "type": "MISC",
        "kind": "process",
        "name_en": "Astana process",
        "name_ar": "مسار أستانا",
        "aliases_ar": ["أستانا", "أستانة"],
        "country": None,
        "ambiguous_with": ["astana"],
    },
    {
        "id": "united-nations",
        "type": "ORG",
        "kind": "igo",
        "name_en": "United Nations",
        "name_ar": "الأمم المتحدة",
        "aliases_ar": [],
        "country": None,
    },
    {
        "id": "sana",
        "type": "ORG",
        "kind": "news_agency",
        "name_en": "SANA",
        "name_ar": "سانا",
        "aliases_ar": [],
        "country": "SYR",
    },
]


def write_kb(folder: Path) -> KnowledgeBase:
    """Write the three JSONL files into ``folder`` and load them."""
    for name, rows in (("persons.jsonl", PERSONS), ("places.jsonl", PLACES), ("orgs.jsonl", ORGS)):
        lines = [json.dumps(r, ensure_ascii=False) for r in rows]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return KnowledgeBase.load(folder)
