"""Indonesian word lists used by segmentation and extraction."""

from __future__ import annotations

from functools import cache

# Abbreviations that are followed by a period (or often written without one) inside a sentence.
ABBREVIATIONS = frozenset(
    """
    menlu menhan mendagri menkeu mendikbud menkes menpora wapres capres cawapres dubes gubsu kapolri kapolda
    kapolres kasat dr drs dra ir prof h hj st sh se mm mh msi mba mt ns no nomor nr hal hlm jl jln kec kel kab
    kota prov rp usd us pt tbk cv ud bpk ibu sdr sdri tn ny nn mr mrs ms jr sr vs etc dll dsb dst dkk tsb yth
    a.n u.p s.d tgl thn jan feb mar apr jun jul agu agt sep sept okt nov des kol letjen mayjen brigjen jenderal
    laksda laksdya marsda kapt kompol akbp aiptu aipda bripka brigpol iptu ipda kombes irjen komjen lt gen col
    sgt inc ltd co corp dept govt rev fig ed eds vol dok ket
    """.split()
)

# Currency and unit words that may precede a number (Rp 5 triliun, US$ 3 juta).
CURRENCIES = {"rp": "IDR", "rp.": "IDR", "idr": "IDR", "us$": "USD", "usd": "USD", "$": "USD", "€": "EUR", "eur": "EUR"}

MAGNITUDES = {"ribu": 1e3, "rb": 1e3, "juta": 1e6, "jt": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12, "trilyun": 1e12}


@cache
def stopwords() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    extra = {"kata", "ujar", "ujarnya", "katanya", "tutur", "ungkap", "jelas", "pun", "yg", "dgn", "tak", "tidak",
             "sebut", "menyebut", "mengatakan", "menurut", "lalu", "kini", "hari", "pada", "juga", "ini", "itu"}
    return frozenset(StopWordRemoverFactory().get_stop_words()) | extra

# Counted nouns that name the same thing, so claims about them are compared. Keys are Sastrawi stems
# (it over-stems some words: pasukan -> pasu) and surface forms.
NOUN_SYNONYMS = {
    "pasu": "tentara", "pasukan": "tentara", "prajurit": "tentara", "serdadu": "tentara", "tentara": "tentara",
    "korban": "korban", "jiwa": "orang", "orang": "orang", "warga": "orang", "penduduk": "orang",
    "rupiah": "rupiah", "persen": "%",
}

# Verbs of saying that introduce or follow speech and attribution (base and inflected forms).
SPEECH_VERBS = (
    "kata", "ujar", "ucap", "tutur", "ungkap", "tegas", "jelas", "sebut", "tambah", "imbuh", "papar", "terang",
    "katanya", "ujarnya", "ucapnya", "tuturnya", "ungkapnya", "tegasnya", "jelasnya", "sebutnya", "tambahnya",
    "imbuhnya", "paparnya", "terangnya",
)
REPORTING_VERBS = (
    "mengatakan", "menyatakan", "menyebut", "menyebutkan", "mengungkapkan", "menegaskan", "menjelaskan",
    "melaporkan", "mengklaim", "memperkirakan", "menyampaikan", "menuturkan", "menambahkan", "mengumumkan",
    "membantah", "mengakui", "memperingatkan", "berkata", "bilang", "menilai", "menduga",
)

# Capitalized words of titles, institutions and places that precede a person's name in news copy
# ("Juru bicara Kementerian Luar Negeri Rusia Maria Zakharova"): a speaker's name is the run of
# capitalized words after the last of these.
TITLE_WORDS = frozenset(
    """
    presiden wakil menteri menlu menhan kepala ketua juru bicara jubir direktur gubernur bupati wali walikota kota
    kementerian kemenlu luar negeri dalam pertahanan keuangan badan dinas kantor berita komisi dewan majelis
    pemerintah pemimpin panglima jenderal kapolri kapolda kapolres kasat komandan duta besar dubes sekretaris
    jenderal sekjen perdana pm raja ratu pangeran senator anggota partai ketum rektor dekan profesor prof dr
    rusia korea utara selatan ukraina amerika serikat as indonesia ri tiongkok china cina jepang inggris prancis
    jerman india iran israel palestina malaysia singapura thailand filipina vietnam australia belarus pbb nato
    asean uni eropa kremlin gedung putih istana kepresidenan dpr mpr kpk polri tni kejaksaan agung mahkamah
    provinsi kabupaten mabes polda polres intelijen militer tentara angkatan bersenjata darat laut udara
    """.split()
)
