"""Which language a piece of text is in: the CJK character class and the block-language rule.

- :data:`CJK_RANGES` / :data:`CJK` — the Chinese characters the analyzer counts: CJK Unified
  Ideographs and Extension A, and the compatibility ideographs (not punctuation, not full-width
  forms: those appear in English text set in Chinese fonts too);
- :data:`CJK_TEXT_RANGES` / :data:`CJK_TEXT` — the same with CJK punctuation and full-width
  forms, for text layout (readers, clause numbers, OCR spacing);
- :func:`block_language` — ``"zh"``, ``"en"`` or ``None`` for one block of a document: what the
  engine uses to split a bilingual document into its languages and :mod:`analyzer.bilingual` to
  reconcile them, so that both see the same split.
"""

from __future__ import annotations

import re

CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK = re.compile(f"[{CJK_RANGES}]")
# Chinese text in the wider sense: the characters above with CJK punctuation (、。「」) and the
# full-width forms (，：（）), for where text is laid out (readers, clause numbering), not where
# a language is decided
CJK_TEXT_RANGES = f"\u3000-\u303f{CJK_RANGES}\uff00-\uffef"
CJK_TEXT = re.compile(f"[{CJK_TEXT_RANGES}]")
LATIN = re.compile(r"[A-Za-z]")


def block_language(text: str) -> str | None:
    """``"zh"``, ``"en"`` or ``None`` (numbers, signatures, empty) by character class.

    One Chinese character carries about as much as a three-letter stretch of English, so a block
    is Chinese when its CJK characters outnumber a third of its Latin letters.
    """
    cjk = len(CJK.findall(text))
    latin = len(LATIN.findall(text))
    if cjk == 0 and latin < 2:
        return None
    return "zh" if cjk * 3 >= latin else "en"
