"""Reused passages with character offsets, as the PAN evaluation scores them."""

from __future__ import annotations

from kabar.dedup.passages import document_sentences, find_reuse, reuse_index

REUSED = (
    "Komisi Pemberantasan Korupsi menggeledah lima lokasi di Jakarta dalam penyidikan suap perdagangan minyak "
    "mentah di Pertamina Energy Trading. Lokasi yang digeledah antara lain rumah di Jalan Pramukasari dan kantor "
    "di kawasan Pancoran. Penyidik menyita sejumlah dokumen dan barang bukti elektronik dari kelima lokasi itu. "
    "Wakil Ketua KPK Laode M Syarif mengatakan penggeledahan berlangsung pada 5 dan 6 September 2019."
)
SOURCE = (
    "Harga cabai merah di pasar tradisional naik tajam menjelang akhir pekan.\n"
    "Pedagang mengeluhkan pasokan dari\nsentra produksi yang berkurang karena hujan.\n\n"  # hard-wrapped line
    + REUSED + "\n\nSementara itu, tim nasional sepak bola bersiap menghadapi Thailand di Gelora Bung Karno."
)
SUSPICIOUS = (
    "Pemerintah kota berjanji memperbaiki jalan rusak di lima kecamatan sebelum musim hujan tiba.\n\n"
    + REUSED.replace("menggeledah", "menggeledah secara serentak")
    + "\n\nWarga diminta melapor bila menemukan lubang jalan yang membahayakan pengendara."
)


def test_offsets_cover_the_reused_passage():
    found = find_reuse(document_sentences(SUSPICIOUS), reuse_index(document_sentences(SOURCE)), min_mass=10)
    assert len(found) == 1
    p = found[0]
    start_a = SUSPICIOUS.index("Komisi")
    start_b = SOURCE.index("Komisi")
    assert (p.a_offset, p.b_offset) == (start_a, start_b)
    assert SUSPICIOUS[p.a_offset + p.a_length - 5 : p.a_offset + p.a_length] == "2019."
    assert SOURCE[p.b_offset : p.b_offset + p.b_length] == REUSED


def test_unrelated_documents_have_no_reuse():
    other = "Festival musik tahunan digelar di pantai selatan dengan ribuan penonton.\n\nPanitia menyiapkan tiga panggung."
    assert find_reuse(document_sentences(other), reuse_index(document_sentences(SOURCE)), min_mass=10) == []


def test_hard_wrapped_lines_are_one_sentence():
    doc = document_sentences("Pedagang mengeluhkan pasokan dari\nsentra produksi yang berkurang.\n\nBaris baru.")
    assert len(doc.spans) == 2
