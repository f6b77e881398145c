"""SOURCES.toml: sources and [watch] settings; bad files are refused with the file (and line) named."""

from __future__ import annotations

import pytest

from kabar.watch import SourcesError, SourceSpec, WatchSettings, load_sources, parse_source_arg


def test_sources_and_settings(tmp_path):
    path = tmp_path / "SOURCES.toml"
    path.write_text('[watch]\ninterval = 600\ndelay = 2\n\n[[source]]\nurl = "https://a.example/rss"\n'
                    'name = "Antara"\nkind = "feed"\n\n[[source]]\nurl = "https://b.example/sitemap.xml"\n',
                    encoding="utf-8")
    specs, settings = load_sources(path)
    assert specs == [SourceSpec("https://a.example/rss", "feed", "Antara"), SourceSpec("https://b.example/sitemap.xml")]
    merged = WatchSettings().with_overrides(**settings).with_overrides(delay=None, timeout=5.0)
    assert (merged.interval, merged.delay, merged.timeout, merged.per_host) == (600, 2, 5.0, 2)


@pytest.mark.parametrize(("text", "message"), [
    ('[[source]]\nurl = "https://a.example/rss"\nname = \n', "line 3"),
    ("[watch]\ninterval = 60\n", "no [[source]]"),
    ('[[source]]\nurl = "ftp://a.example/rss"\n', "#1: ftp://a.example/rss: not an http(s) URL"),
    ('[[source]]\nurl = "https://a.example/rss"\nkind = "podcast"\n', "kind must be feed or sitemap"),
    ('[[source]]\nurl = "https://a.example/rss"\nlabel = "x"\n', "unknown key(s) label"),
    ('[watch]\ndelay = "fast"\n[[source]]\nurl = "https://a.example/rss"\n', "delay must be a float"),
    ('[watch]\nspeed = 3\n[[source]]\nurl = "https://a.example/rss"\n', "unknown setting(s) speed"),
])
def test_bad_files_name_file_and_problem(tmp_path, text, message):
    path = tmp_path / "SOURCES.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError) as exc:
        load_sources(path)
    assert str(path) in str(exc.value) and message in str(exc.value)


def test_missing_file_and_bad_url(tmp_path):
    with pytest.raises(SourcesError, match="cannot read"):
        load_sources(tmp_path / "nope.toml")
    with pytest.raises(SourcesError, match="not an http"):
        parse_source_arg("file:///etc/passwd")
