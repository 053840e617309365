"""Registered links (links.yml) keep reaching their page and section, directly or through a redirect."""

import pytest

from tests.site.conftest import Build
from tests.site.links import (
    REGISTRY,
    anchor_redirects,
    build_changed_site,
    check_link,
    heading_ids,
    load_registry,
    page_file,
    published_links,
)

REGISTERED_LINKS = load_registry().links()


@pytest.fixture(scope="module")
def site_without_redirects(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_changed_site(tmp_path_factory, with_redirects=False)


@pytest.fixture(scope="module")
def site_with_redirects(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_changed_site(tmp_path_factory, with_redirects=True)


@pytest.mark.parametrize("link", REGISTERED_LINKS)
def test_registered_link_reachable(built_site: Build, link: str) -> None:
    problem = check_link(built_site.site, link)

    assert problem is None, problem


def test_every_published_link_registered(built_site: Build) -> None:
    registry = load_registry()

    missing = [
        f"{url}#{anchor}" if anchor else url
        for url, anchors in published_links(built_site.site).items()
        for anchor in ["", *sorted(anchors)]
        if url not in registry.pages or (anchor and anchor not in registry.pages[url])
    ]

    assert not missing, f"Published links missing from {REGISTRY.name}; add them under pages: {missing}"


def test_anchor_redirects_reach_headings(built_site: Build) -> None:
    for url, redirects in load_registry().anchor_redirects.items():
        ids = heading_ids(page_file(built_site.site, url).read_text(encoding="utf-8"))
        for old, new in redirects.items():
            assert new in ids, (
                f"{REGISTRY.name}: anchor_redirects maps {url}#{old} to #{new}, which {url} does not have"
            )


def test_renamed_anchor_fails_without_redirect(site_without_redirects: Build) -> None:
    problem = check_link(site_without_redirects.site, "zapier/#account-settings")

    assert problem is not None
    assert problem.startswith("zapier/#account-settings: ")


def test_moved_page_fails_without_redirect(site_without_redirects: Build) -> None:
    problem = check_link(site_without_redirects.site, "acli/#password-parameter")

    assert problem is not None
    assert problem.startswith("acli/#password-parameter: ")


@pytest.mark.parametrize("link", REGISTERED_LINKS)
def test_redirects_keep_link(site_with_redirects: Build, link: str) -> None:
    problem = check_link(site_with_redirects.site, link)

    assert problem is None, problem


def test_anchor_redirect_rendered(site_with_redirects: Build) -> None:
    document = page_file(site_with_redirects.site, "zapier/").read_text(encoding="utf-8")

    assert anchor_redirects(document)["account-settings"] == "zapier-account-settings"
