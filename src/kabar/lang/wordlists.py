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
# Added for kabar.reconcile: people counted under another name ("7 orang masyarakat", "tiga warga sipil").
NOUN_SYNONYMS.update({"masyarakat": "orang", "sipil": "orang", "personel": "personel", "jemaah": "orang"})

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
    "menunjukkan", "mencatat", "memperlihatkan", "mengungkap",
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

# What happened to the counted people or things: "4.000 tentara tewas atau terluka" is not a count of the
# troops sent. Claims are only compared within one state (kabar.reconcile.subject). Word -> state key.
CLAIM_STATES = {
    "tewas": "tewas", "meninggal": "tewas", "gugur": "tewas", "wafat": "tewas", "terbunuh": "tewas",
    "dibunuh": "tewas", "mati": "tewas", "meregang": "tewas",
    "terluka": "luka", "luka": "luka", "luka-luka": "luka", "cedera": "luka", "dilukai": "luka",
    "hilang": "hilang", "selamat": "selamat", "mengungsi": "mengungsi", "dievakuasi": "dievakuasi",
    "ditangkap": "ditangkap", "diamankan": "ditangkap", "ditahan": "ditangkap", "dibekuk": "ditangkap",
    "diculik": "diculik", "disandera": "diculik", "positif": "positif", "terinfeksi": "positif",
    "terjangkit": "positif", "sembuh": "sembuh", "dirawat": "dirawat", "dipecat": "dipecat", "di-phk": "dipecat",
    "terdampak": "terdampak", "kehilangan": "terdampak",
    "menguat": "naik", "naik": "naik", "melemah": "turun", "turun": "turun", "stagnan": "stagnan",
    "sakit": "sakit", "absen": "absen",
}
# Words that mark a figure as an addition to an earlier one ("tambahan 6.000 pasukan").
ADDITION_WORDS = frozenset({"tambahan", "lagi", "baru"})

# Places and capitals that stand for a country or government in news copy (metonymy), so "tentara yang
# dikirim Pyongyang" and "tentara Korea Utara" are about the same troops.
ENTITY_ALIASES = {
    "pyongyang": "Korea Utara", "korut": "Korea Utara", "korea utara": "Korea Utara",
    "seoul": "Korea Selatan", "korsel": "Korea Selatan", "korea selatan": "Korea Selatan",
    "moskow": "Rusia", "kremlin": "Rusia", "rusia": "Rusia",
    "kyiv": "Ukraina", "kiev": "Ukraina", "ukraina": "Ukraina",
    "washington": "Amerika Serikat", "as": "Amerika Serikat", "amerika": "Amerika Serikat",
    "amerika serikat": "Amerika Serikat", "gedung putih": "Amerika Serikat",
    "beijing": "Tiongkok", "china": "Tiongkok", "cina": "Tiongkok", "tiongkok": "Tiongkok",
    "tel aviv": "Israel", "yerusalem": "Israel", "israel": "Israel",
    "ri": "Indonesia", "indonesia": "Indonesia",
    "tokyo": "Jepang", "jepang": "Jepang", "london": "Inggris", "inggris": "Inggris",
    "teheran": "Iran", "iran": "Iran", "palestina": "Palestina",
}
