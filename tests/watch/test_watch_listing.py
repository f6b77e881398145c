"""Reading what a source lists: RSS/Atom links and dates, news sitemaps, sitemap indexes, gzip, and
refusal of entity bombs and non-listings."""

from __future__ import annotations

import gzip

import pytest
from watchsite import ENTITY_BOMB, news_sitemap, rss

from kabar.watch.listing import ListingError, read_listing

BASE = "https://berita.example/rss"
CAP = 1_000_000


def test_rss_items_with_relative_links_and_publisher_dates():
    body = rss([("/news/1", "Satu", "Sat, 12 Jul 2025 08:00:00 +0700"),
                ("https://berita.example/news/2", "Dua", "Sun, 13 Jul 2025 07:15:00 +0700")]).encode()
    listing = read_listing(body, BASE, "auto", CAP)
    assert listing.kind == "feed"
    assert [(i.url, i.title, i.published) for i in listing.items] == [
        ("https://berita.example/news/1", "Satu", "2025-07-12T08:00:00+07:00"),
        ("https://berita.example/news/2", "Dua", "2025-07-13T07:15:00+07:00"),
    ]


def test_atom_feed():
    body = (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            b'<entry><title>Tiga</title><link href="https://berita.example/3"/><id>x</id>'
            b'<updated>2025-07-12T10:30:00+07:00</updated></entry></feed>')
    [item] = read_listing(body, BASE, "auto", CAP).items
    assert (item.url, item.title, item.published) == ("https://berita.example/3", "Tiga", "2025-07-12T10:30:00+07:00")


def test_news_sitemap_plain_and_gzipped():
    body = news_sitemap([("https://berita.example/a", "Judul A", "2025-07-12T12:00:00+07:00")]).encode()
    for data in (body, gzip.compress(body)):
        listing = read_listing(data, "https://berita.example/sitemap.xml", "auto", CAP)
        assert listing.kind == "sitemap"
        assert [(i.url, i.title, i.published) for i in listing.items] == [
            ("https://berita.example/a", "Judul A", "2025-07-12T12:00:00+07:00")]


def test_sitemap_index_lists_child_sitemaps():
    body = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b'<sitemap><loc>https://berita.example/news-1.xml</loc></sitemap><sitemap><loc>/news-2.xml</loc>'
            b'<lastmod>2025-07-12</lastmod></sitemap></sitemapindex>')
    listing = read_listing(body, "https://berita.example/sitemap.xml", "sitemap", CAP)
    assert listing.items == [] and listing.sitemaps == ["https://berita.example/news-1.xml",
                                                         "https://berita.example/news-2.xml"]


@pytest.mark.parametrize("kind", ["auto", "feed", "sitemap"])
def test_entity_bombs_are_refused_whatever_the_kind(kind):
    sitemap_bomb = ENTITY_BOMB.replace("<!DOCTYPE rss", "<!DOCTYPE urlset").split("<rss")[0] + "<urlset>&d;</urlset>"
    for bomb in (ENTITY_BOMB, sitemap_bomb):
        with pytest.raises(ListingError, match="entity bomb"):
            read_listing(bomb.encode(), BASE, kind, CAP)


def test_gzip_bomb_and_non_listings_are_refused():
    with pytest.raises(ListingError, match="more than"):
        read_listing(gzip.compress(b"<urlset>" + b" " * 2_000_000 + b"</urlset>"), BASE, "auto", CAP)
    with pytest.raises(ListingError, match="neither"):
        read_listing(b"<html><body>not a feed</body></html>", BASE, "auto", CAP)
    with pytest.raises(ListingError, match="not well-formed"):
        read_listing(b"<urlset><url><loc>x</loc></urlset>", BASE, "sitemap", CAP)
