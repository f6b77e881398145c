"""Word lists of the spam detector: the vocabulary of gambling promotion, not the names of any site."""

from __future__ import annotations

from functools import cache
from importlib import resources

# Morphemes that mark a gambling brand when glued into an unknown token (INITOGEL, SLOTGACOR88).
# Strong ones are never part of an ordinary Indonesian or English word; weak ones are, so they count
# only in a token shaped like a brand (capitals, digits, CamelCase): "Judika", "Totok" stay.
STRONG_MORPHEMES = ("togel", "gacor", "maxwin", "sbobet", "jackpot", "kasino", "casino", "poker", "slot88",
                    "scatter", "pragmatic", "pgsoft", "mahjong", "olympus", "toto4d", "rungkad", "parlay")
WEAK_MORPHEMES = ("judi", "toto", "slot", "bet", "qq", "hoki", "zeus", "4d", "sgp", "jp", "wd")

# Words of gambling itself (news uses them too) and of its promotion (news does not).
GAMBLING_WORDS = frozenset("""togel judi judol slot gacor kasino casino poker taruhan bandar toto maxwin jackpot
    scatter rtp parlay sbobet sabung bettor betting bet 4d sgp hk sydney-pools pools domino qq qiuqiu mahjong
    spin freespin jp wd withdraw deposit depo rungkad zeus olympus pragmatic pgsoft""".split())
PROMO_WORDS = frozenset("""daftar daftarkan registrasi login link alternatif situs terpercaya resmi bonus promo
    cashback rollingan rebate member gratis dijamin gampang menang buruan klik hubungi whatsapp livechat
    minimal 10rb 5rb 20rb 25rb 50rb 10k 5k 20k pulsa potongan anti-rungkad terpopuler terlengkap freespin
    withdraw deposit depo wd maxwin gacor jackpot jp""".split())
# Words of reporting on gambling: a sentence that has them is news about gambling, not an ad for it.
NEWS_WORDS = frozenset("""polisi polres polda polsek polri kapolres kapolda kapolsek ditangkap menangkap
    penangkapan tersangka pelaku penggerebekan digerebek menggerebek barang bukti pasal kuhp penjara
    diamankan mengamankan kasus pemberantasan memberantas kominfo komdigi memblokir diblokir pemblokiran
    ditahan penyidik kejaksaan pengadilan vonis divonis terdakwa hukuman kecanduan korban warga kata ujar
    mengatakan menurut menyebut menjelaskan pemerintah satgas razia operasi dilarang larangan ilegal
    pidana aparat bareskrim ppatk rekening transaksi ucapnya ujarnya katanya tuturnya jelasnya ungkapnya
    tambahnya imbuhnya terangnya paparnya tegasnya lanjutnya ucap tutur ungkap dia ia""".split())


@cache
def root_words() -> frozenset[str]:
    """Indonesian root words shipped with PySastrawi (about 30,000): the vocabulary an injected brand
    token is out of."""
    data = resources.files("Sastrawi.Stemmer").joinpath("data/kata-dasar.txt").read_text("utf-8")
    return frozenset(w.strip().lower() for w in data.split() if w.strip())
