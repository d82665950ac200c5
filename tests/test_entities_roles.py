"""Roles: title chains before a name, appositions, counterparts, inner titles."""

from __future__ import annotations

from marsad.entities.match import tokenize, word_key
from marsad.entities.roles import role_before, swap_gentilic

_GENTILICS = frozenset(
    word_key(w) for w in ("الروسي", "الروسية", "الإيراني", "الإيرانية", "السوري", "السورية")
)


def _is_gent(key: str) -> bool:
    return key in _GENTILICS


def _role(text: str, name: str) -> str | None:
    toks = tokenize(text)
    start = text.index(name)
    idx = next(i for i, t in enumerate(toks) if t.start == start)
    hit = role_before(text, toks, idx, _is_gent)
    return None if hit is None else hit.text


def test_roles_long_title_before_name() -> None:
    text = "اجتمع مساعد وزير الخارجية الإيراني للشؤون القانونية حسن كريمي مع وفد"
    assert _role(text, "حسن") == "مساعد وزير الخارجية الإيراني للشؤون القانونية"


def test_roles_apposition_with_commas_and_quotes() -> None:
    text = "وأكد وزير الخارجية السوري، “سامي حداد”، أن"
    assert _role(text, "سامي") == "وزير الخارجية السوري"


def test_roles_clitic_dropped_from_title() -> None:
    text = "حضر اللقاء ومستشار الرئيس الروسي نيكولاي بتروف"
    assert _role(text, "نيكولاي") == "مستشار الرئيس الروسي"


def test_roles_stop_at_verb_and_preposition() -> None:
    text = "التقى مع المبعوث الخاص للرئيس الروسي لشؤون التسوية بوريس كوزنتسوف"
    assert _role(text, "بوريس") == "المبعوث الخاص للرئيس الروسي لشؤون التسوية"


def test_roles_inner_title_names_the_principal() -> None:
    text = "وصل المبعوث الخاص للرئيس الروسي “بوريس يلتسين” إلى"
    toks = tokenize(text)
    idx = next(i for i, t in enumerate(toks) if t.key == "بوريس")
    hit = role_before(text, toks, idx, _is_gent)
    assert hit is not None and hit.text == "الرئيس الروسي" and hit.outer is not None


def test_roles_counterpart_is_marked() -> None:
    text = "وقال الوزير ونظيره الروسي، إيفان سميرنوف، إن"
    toks = tokenize(text)
    idx = next(i for i, t in enumerate(toks) if t.key == "ايفان")
    hit = role_before(text, toks, idx, _is_gent)
    assert hit is not None and hit.counterpart and hit.gentilic == "الروسي"


def test_roles_dual_title_made_singular() -> None:
    text = "اتصال بين وزيري الخارجية السوري سامي حداد والإيراني"
    assert _role(text, "سامي") == "وزير الخارجية السوري"


def test_roles_no_title_no_role() -> None:
    assert _role("وصل سامي حداد إلى", "سامي") is None


def test_roles_swap_gentilic_keeps_gender() -> None:
    assert swap_gentilic("معاون وزير الخارجية الإيرانية", "الروسي", _is_gent) == (
        "معاون وزير الخارجية الروسية"
    )
