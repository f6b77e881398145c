"""English content terms, for the English articles met in Indonesian streams (wire copy) and the English
clustering gold sets: lower-cased words without stopwords (scikit-learn's list), plural -s stripped.
Sastrawi's Indonesian affix rules would mangle English words."""

from __future__ import annotations

from kabar.lang.segment import TOKEN

# scikit-learn's ENGLISH_STOP_WORDS (BSD-3-Clause; the Glasgow Information Retrieval Group's list), copied:
# importing scikit-learn for it cost ~1.2 s in every process that places or tags an English article.
# tests/lang/test_english.py checks the copy against the installed scikit-learn.
SKLEARN_STOP_WORDS = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also although
    always am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere
    are around as at back be became because become becomes becoming been before beforehand behind being
    below beside besides between beyond bill both bottom but by call can cannot cant co con could
    couldnt cry de describe detail do done down due during each eg eight either eleven else elsewhere
    empty enough etc even ever every everyone everything everywhere except few fifteen fifty fill find
    fire first five for former formerly forty found four from front full further get give go had has
    hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how
    however hundred i ie if in inc indeed interest into is it its itself keep last latter latterly least
    less ltd made many may me meanwhile might mill mine more moreover most mostly move much must my
    myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now
    nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own
    part per perhaps please put rather re same see seem seemed seeming seems serious several she should
    show side since sincere six sixty so some somehow someone something sometime sometimes somewhere
    still such system take ten than that the their them themselves then thence there thereafter thereby
    therefore therein thereupon these they thick thin third this those though three through throughout
    thru thus to together too top toward towards twelve twenty two un under until up upon us very via
    was we well were what whatever when whence whenever where whereafter whereas whereby wherein
    whereupon wherever whether which while whither who whoever whole whom whose why will with within
    without would yet you your yours yourself yourselves
    """.split()
)
_STOPWORDS = SKLEARN_STOP_WORDS | {"said", "says", "say", "new", "just", "like"}


def english_terms(text: str) -> list[str]:
    sw = _STOPWORDS
    out = []
    for tok in TOKEN.findall(text.lower()):
        if len(tok) < 3 or tok in sw or not tok[0].isalpha():
            continue
        if tok.endswith("s") and not tok.endswith(("ss", "us", "is")) and len(tok) > 4:
            tok = tok[:-1]
        out.append(tok)
    return out
