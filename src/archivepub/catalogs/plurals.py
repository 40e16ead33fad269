"""The ``Plural-Forms`` header of new catalogs, from a table archivepub owns.

A catalog's plural rule is the translators' choice once the file exists: ``locales update``
never rewrites it. A *new* catalog needs one, and it must not depend on whichever CLDR
release the installed babel carries (babel 2.19 changed the Armenian and Russian
expressions, which rewrote every committed catalog on upgrade). The rules below follow the
gettext conventions (the GNU gettext manual's "Plural forms" list, and translate-toolkit's
language data, which Weblate and Poedit users share) for the languages archivepub is used
with; a language that is not listed gets the two-form rule of English, and a warning from
``locales check`` when its catalog has plural entries.
"""

from __future__ import annotations

__all__ = ["DEFAULT_PLURAL_FORMS", "PLURAL_FORMS", "plural_forms"]

_ONE = "nplurals=1; plural=0;"
_NOT_ONE = "nplurals=2; plural=(n != 1);"
_ABOVE_ONE = "nplurals=2; plural=(n > 1);"
_EAST_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)


def _codes(text: str) -> list[str]:
    return text.split()


#: The rule a language not in :data:`PLURAL_FORMS` gets (two forms, singular for 1 only).
DEFAULT_PLURAL_FORMS = _NOT_ONE

#: ``Plural-Forms`` by language tag (lower case; a region only where it changes the rule).
PLURAL_FORMS: dict[str, str] = {
    # one form: no grammatical number on nouns after numerals
    **dict.fromkeys(_codes("id ja km ko lo ms my th vi zh"), _ONE),
    # singular for 0 and 1
    **dict.fromkeys(_codes("am fa fr hy ln oc pt-br ti wa"), _ABOVE_ONE),
    # singular for 1 only
    **dict.fromkeys(
        _codes(
            "af az bg bn ca da de el en eo es et eu fi fo fy gl gu he hi hu it ka kk kn ku ky lb"
            " ml mn mr nb ne nl nn no pa ps pt si so sq sv sw ta te tk tr ur uz"
        ),
        _NOT_ONE,
    ),
    # Russian, Ukrainian, Belarusian and the BCS languages: 1, 21 / 2-4, 22-24 / the rest
    **dict.fromkeys(_codes("be bs hr ru sr uk"), _EAST_SLAVIC),
    "cs": "nplurals=3; plural=(n==1 ? 0 : n>=2 && n<=4 ? 1 : 2);",
    "sk": "nplurals=3; plural=(n==1 ? 0 : n>=2 && n<=4 ? 1 : 2);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ro": "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
    "is": "nplurals=2; plural=(n%10!=1 || n%100==11);",
    "mk": "nplurals=2; plural=(n%10==1 && n%100!=11 ? 0 : 1);",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    "cy": "nplurals=4; plural=(n==1 ? 0 : n==2 ? 1 : (n != 8 && n != 11) ? 2 : 3);",
    "ga": "nplurals=5; plural=(n==1 ? 0 : n==2 ? 1 : n<7 ? 2 : n<11 ? 3 : 4);",
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
    ),
}


def plural_forms(lang: str) -> tuple[str, bool]:
    """The ``Plural-Forms`` value for a new catalog in ``lang``, and whether the table knows it.

    The full tag is looked up first (``pt-BR``), then its primary language (``az-Latn`` is
    ``az``); underscores are read as hyphens.

    >>> plural_forms("hy")
    ('nplurals=2; plural=(n > 1);', True)
    >>> plural_forms("az-Latn")
    ('nplurals=2; plural=(n != 1);', True)
    >>> plural_forms("pt_BR")[0], plural_forms("pt")[0]
    ('nplurals=2; plural=(n > 1);', 'nplurals=2; plural=(n != 1);')
    >>> plural_forms("xx")
    ('nplurals=2; plural=(n != 1);', False)

    :param lang: a language code or BCP-47 tag.
    """
    tag = lang.strip().replace("_", "-").lower()
    parts = tag.split("-")
    for key in ("-".join(parts[:2]), parts[0]):
        if key in PLURAL_FORMS:
            return PLURAL_FORMS[key], True
    return DEFAULT_PLURAL_FORMS, False
