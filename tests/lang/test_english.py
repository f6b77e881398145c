from __future__ import annotations

import json
import subprocess
import sys
from itertools import islice

from kabar.eval.datasets import iter_wikiref
from kabar.lang.english import SKLEARN_STOP_WORDS, english_terms


def test_stop_words_are_scikit_learns():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert SKLEARN_STOP_WORDS == ENGLISH_STOP_WORDS


def test_english_terms_drop_stop_words_and_plural_s():
    assert english_terms("The ministers said they would meet again in Pyongyang next week") == [
        "minister", "meet", "pyongyang", "week"]


def test_placing_english_articles_does_not_import_scikit_learn(tmp_path):
    """Regression: the English stop words came from scikit-learn, whose import took ~1.2 s in every
    process that placed or tagged an English article (a sixth of a 5-article run)."""
    docs = list(islice(iter_wikiref(), 3))
    src = tmp_path / "en.jsonl"
    src.write_text("".join(json.dumps({"id": d.id, "source": "wikiref", "title": d.title, "text": d.text,
                                       "published": f"2020-01-0{i + 1}T00:00:00"}) + "\n"
                           for i, d in enumerate(docs)), encoding="utf-8")
    script = ("import sys\nfrom kabar.cli import main\n"
              f"sys.argv = ['kabar', 'run', {str(src)!r}, '--db', {str(tmp_path / 'en.db')!r}, '--quiet']\n"
              "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
              "from kabar.store import open_store\n"
              f"langs = {{a.language for a in open_store({str(tmp_path / 'en.db')!r}).iter_articles()}}\n"
              "print(sorted(langs), 'sklearn' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["['en']", "False"]
