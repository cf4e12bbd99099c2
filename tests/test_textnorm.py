"""Turkish casing, folding and sorting."""

from __future__ import annotations

from intake.textnorm import fold, sort_key, tr_lower, tr_upper


def test_turkish_casing() -> None:
    assert tr_lower("İSTANBUL IŞIK") == "istanbul ışık"
    assert tr_upper("istanbul ışık") == "İSTANBUL IŞIK"


def test_fold_meets_every_spelling() -> None:
    assert fold("GENÇLİK") == fold("gençlik") == fold("Genclik") == "genclik"
    assert fold("Bağlantı") == fold("BAĞLANTI") == fold("baglanti") == "baglanti"
    assert fold("İçerik") == "icerik"


def test_turkish_alphabet_order() -> None:
    words = [
        "Zeynep",
        "Çağrı",
        "Cem",
        "İrem",
        "Işık",
        "Ömer",
        "Osman",
        "Şule",
        "Selin",
        "Ümit",
        "Uğur",
    ]
    assert sorted(words, key=sort_key) == [
        "Cem",
        "Çağrı",
        "Işık",
        "İrem",
        "Osman",
        "Ömer",
        "Selin",
        "Şule",
        "Uğur",
        "Ümit",
        "Zeynep",
    ]
