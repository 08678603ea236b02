import pytest

from corpus_utils.corpus import tokens


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Gen. Shoigu met Mr. Singh. They talked.", 2),
        ("Lt. Gen. Kurbanov and Col. Ivanov arrived. The deal is worth Rs. 5,000 crore.", 2),
        ("Dr. Jaishankar spoke. Prof. Ivanov listened. Smt. Sitharaman left.", 3),
        ("One.\nTwo without stop\nThree.", 3),
        ("", 0),
    ],
)
def test_sentences(text, n):
    assert len(tokens.sentences(text)) == n


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AK-203 rifles", ["AK-203", "rifles"]),
        ("the S-400 deal", ["the", "S-400", "deal"]),
        ("the 2+2 dialogue", ["the", "2+2", "dialogue"]),
        ("worth ₹5,000 crore", ["worth", "₹5,000", "crore"]),
        ("Su-30MKI and Project 11356.", ["Su-30MKI", "and", "Project", "11356"]),
        ("Russia's 'unprecedented' trust", ["Russia's", "unprecedented", "trust"]),
    ],
)
def test_words_keep_models_and_amounts_whole(text, expected):
    assert tokens.words(text) == expected


def test_segments_stop_at_punctuation():
    assert tokens.segments('trust, "mutual respect" and ties') == [
        ["trust"],
        ["mutual", "respect"],
        ["and", "ties"],
    ]


def test_stopwords_are_package_data():
    assert {"the", "of", "and"} <= tokens.stopwords()
    assert "defence" not in tokens.stopwords()


def test_nltk_is_imported_without_scipy_stats_or_sklearn_and_its_fisher_test_still_works():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from corpus_utils.corpus import tokens\n"
        "tokens.import_nltk()\n"
        "assert 'nltk' in sys.modules and 'scipy.stats' not in sys.modules and 'sklearn' not in sys.modules\n"
        "from nltk.collocations import BigramAssocMeasures\n"
        "from nltk.tokenize.punkt import PunktSentenceTokenizer\n"
        "p = BigramAssocMeasures.fisher(8, (10, 12), 100)\n"  # scipy.stats imported on this call
        "import scipy.stats\n"
        "want = scipy.stats.fisher_exact([[8, 2], [4, 86]], alternative='less')[1]\n"
        "import sklearn.feature_extraction\n"  # importable afterwards
        "print(abs(p - want) < 1e-12, scipy.stats.norm.cdf(0))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "0.5"]
