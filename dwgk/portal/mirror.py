"""The static public mirror: every public-scope page rendered to a directory any static web server can
serve, so the portal stays readable with the application stopped.

Org pages, their lists, catalogs, guides and feeds, and disclosure pages are rendered in batches: the
batch's data comes from the portal's selectors in a fixed number of queries, each asking the visibility
gate for the whole batch as the anonymous visitor (so the gate alone decides what is in them), and the
page templates are compiled once per build (PageRenderer); the bytes are those the portal's views answer
(a test compares them). The few other pages (home, latest, guide, feeds by category, attachments) are
rendered by the views themselves. Pages are written atomically: a page is written to a temporary file beside it and renamed
over the old one, so a reader gets the old page or the new one, never half of either. A page that is no
longer public is deleted by the same update that re-renders the lists it was on.

`dwgk portal build` writes everything and deletes what it did not write; following the change feed
(dwgk.core.changes, `follow`) re-renders only the affected pages: the disclosure, its attachments, its org's page,
lists and catalog, the feeds that carried it (its org and the orgs above, its category, everything), the
home page and the latest list.
"""

from __future__ import annotations

import copy
import fcntl
import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import Http404
from django.template import Context, engines
from django.template.base import NodeList, TextNode
from django.template.defaulttags import IfNode, URLNode
from django.template.loader_tags import BlockNode, ExtendsNode
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import static
from django.test import RequestFactory
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dwgk.access.disclosures import is_public, public_disclosures
from dwgk.core import batches, changes
from dwgk.core.changes import FeedFollower
from dwgk.core.choices import SCOPE_SHORT, Category
from dwgk.core.progress import Progress
from dwgk.disclosures.models import Disclosure
from dwgk.orgs.models import Organization
from dwgk.orgs.paths import ancestor_paths

from . import feeds, selectors
from .content import disclosure_content

log = logging.getLogger(__name__)

ASSETS = ("css/dwgk.css", "css/portal.css", "js/portal.js")
FEED_FORMATS = ("atom", "rss")
FEED_FILE = ".feed.json"
HASH_FILE = ".hashes.tsv"
KEEP_FILES = {".mirror.lock", FEED_FILE, FEED_FILE + ".lock", HASH_FILE}


def default_dir() -> Path:
    return Path(getattr(settings, "DWGK_MIRROR_DIR", None) or settings.VAR_DIR / "mirror")


def auto_enabled() -> bool:
    """Keep the mirror current on every publication event. The test settings turn derived copies off
    (DWGK_SEARCH_AUTO_INDEX = False); DWGK_MIRROR_AUTO, when set, decides on its own."""
    explicit = getattr(settings, "DWGK_MIRROR_AUTO", None)
    if explicit is not None:
        return bool(explicit)
    return bool(getattr(settings, "DWGK_SEARCH_AUTO_INDEX", True))


@lru_cache(maxsize=64)
def _resolved(root: str) -> str:
    return str(Path(root).resolve())


def file_for(root: Path, url: str) -> Path:
    """The file of a URL: normalised by string (no file-system call per page); the root resolved once."""
    rel = url.lstrip("/")
    if not rel or rel.endswith("/"):
        rel += "index.html"
    base = _resolved(str(root))
    path = os.path.normpath(os.path.join(base, rel))
    if not path.startswith(base + os.sep):
        raise ValueError(f"mirror path escapes its directory: {url}")
    return Path(path)


@dataclass
class Stats:
    written: int = 0
    removed: int = 0
    unchanged: int = 0
    urls: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"写入 {self.written} 个文件，删除 {self.removed} 个，未变 {self.unchanged} 个"


def mirror_request(factory: RequestFactory, url: str):
    """A GET of `url` as the static mirror makes it: the anonymous visitor, no session, standard type."""
    request = factory.get(url)
    request.user = AnonymousUser()
    request.dwgk_mirror = True
    request.large_type = False
    request.session = {}
    return request


class Urls:
    """reverse() for integer arguments by string formatting: each URL name is reversed once with probe
    numbers, which give its format. Other arguments (a category, a feed format) go through reverse()."""

    PROBE = 987_654_300

    def __init__(self):
        self.formats: dict = {}

    def __call__(self, name: str, args=()) -> str:
        if not all(type(a) is int and a >= 0 for a in args):
            return reverse(name, args=args)
        key = (name, len(args))
        fmt = self.formats.get(key)
        if fmt is None:
            fmt = self.formats[key] = self._format(name, len(args))
        return fmt.format(*args) if fmt else reverse(name, args=args)

    def _format(self, name: str, n: int) -> str:
        probes = [str(self.PROBE + i) for i in range(n)]
        try:
            url = reverse(name, args=[int(p) for p in probes])
        except NoReverseMatch:
            return ""
        url = url.replace("{", "{{").replace("}", "}}")
        for i, p in enumerate(probes):
            if url.count(p) != 1:
                return ""
            url = url.replace(p, "{" + str(i) + "}")
        return url


class _FastURLNode(URLNode):
    """{% url %} through Urls: the same address, without a resolver walk per link. Like the views'
    rendering in the mirror, there is no current app (the mirror's requests are not resolved)."""

    urls: Urls

    def render(self, context):
        if self.asvar or self.kwargs:
            return super().render(context)
        url = self.urls(self.view_name.resolve(context), [a.resolve(context) for a in self.args])
        return conditional_escape(url) if context.autoescape else url


def _compile_for_mirror(nodelist: NodeList, urls: Urls) -> None:
    """Fold each constant {% trans "…" %} into its text (one language per build) and make each {% url %}
    a _FastURLNode, in a copy of the template's nodes that only the mirror renders."""
    for i, node in enumerate(nodelist):
        if isinstance(node, TranslateNode) and not (node.asvar or node.message_context or node.noop) \
                and not node.filter_expression.filters and node.filter_expression.var.literal is not None:
            nodelist[i] = TextNode(node.render(Context(autoescape=True)))
            continue
        if type(node) is URLNode:
            node.__class__ = _FastURLNode
            node.urls = urls
        if isinstance(node, IfNode):
            for _condition, inner in node.conditions_nodelists:
                _compile_for_mirror(inner, urls)
            continue
        for attr in node.child_nodelists:
            inner = getattr(node, attr, None)
            if isinstance(inner, NodeList):
                _compile_for_mirror(inner, urls)


def _mirror_copy(template, urls: Urls):
    """A copy of a compiled template whose nodes the mirror may rewrite (the cached one serves the views)."""
    mine = copy.copy(template)
    mine.nodelist = copy.deepcopy(template.nodelist)
    _compile_for_mirror(mine.nodelist, urls)
    return mine


BASE_TEMPLATE = "portal/base.html"
_MARK = re.compile("\x00([a-z_]+)\x00")


class PageRenderer:
    """Portal pages as the mirror renders them, with the templates compiled once. In the mirror the page
    shell (portal/base.html outside its blocks) depends on no page's data, so it is rendered once, with a
    marker in each block; a page then renders only its blocks (the page template's, else base.html's
    own), in a plain context holding the context processors' answers, also computed once. The bytes are
    those `render(request, template, context)` gives the anonymous visitor in the mirror (a test compares
    the two on every kind of page)."""

    def __init__(self, factory: RequestFactory):
        engine = engines["django"].engine
        self.engine = engine
        request = mirror_request(factory, "/")
        self.constants: dict = {}
        for processor in engine.template_context_processors:
            self.constants.update(processor(request))
        self.constants.update(mirror=True, scope_short=SCOPE_SHORT, scope_tones=selectors.SCOPE_TONES)
        self.urls = Urls()
        base = _mirror_copy(engine.get_template(BASE_TEMPLATE), self.urls)
        self.base_blocks = {b.name: b for b in base.nodelist.get_nodes_by_type(BlockNode)}
        marked = engine.from_string('{% extends "' + BASE_TEMPLATE + '" %}' + "".join(
            f"{{% block {name} %}}\x00{name}\x00{{% endblock %}}" for name in self.base_blocks))
        shell = marked.render(Context(dict(self.constants), autoescape=engine.autoescape))
        # Text, block name, text, block name, ..., text.
        self.shell = _MARK.split(shell)
        self.templates: dict = {}

    def _compiled(self, name: str):
        found = self.templates.get(name)
        if found is None:
            template = _mirror_copy(self.engine.get_template(name), self.urls)
            extends = template.nodelist.get_nodes_by_type(ExtendsNode)
            if not extends or extends[0].parent_name.var != BASE_TEMPLATE:
                raise ValueError(f"{name} does not extend {BASE_TEMPLATE}")
            found = self.templates[name] = (template, extends[0].blocks)
        return found

    def render(self, name: str, context: dict) -> bytes:
        template, blocks = self._compiled(name)
        ctx = Context({**self.constants, **context}, autoescape=self.engine.autoescape)
        out = []
        with ctx.render_context.push_state(template), ctx.bind_template(template):
            for i, part in enumerate(self.shell):
                if i % 2 == 0:
                    out.append(part)
                else:
                    out.append((blocks.get(part) or self.base_blocks[part]).render(ctx))
        return "".join(out).encode()


class Mirror:
    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root else default_dir()
        self.root.mkdir(parents=True, exist_ok=True)
        self.factory = RequestFactory()
        self.stats = Stats()
        self._pages: PageRenderer | None = None
        self._dirs: set[str] = set()
        self._tmp_no = 0
        # File → (size, mtime_ns, digest) of what the last build wrote; loaded by a build only.
        self.hashes: dict | None = None

    @property
    def pages(self) -> PageRenderer:
        if self._pages is None:
            self._pages = PageRenderer(self.factory)
        return self._pages

    # ---- files ---------------------------------------------------------------------------------

    @contextmanager
    def locked(self):
        """One writer at a time across processes (two app workers may publish at once)."""
        with open(self.root / ".mirror.lock", "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def write(self, url: str, content: bytes) -> Path:
        """Write the page unless the file already holds these bytes. During a build the hashes of the
        last build's files (HASH_FILE) answer that without reading a file whose size and time are those
        recorded; otherwise, or when they differ, the file is read and compared."""
        path = file_for(self.root, url)
        self.stats.urls.append(url)
        name = str(path)
        try:
            st = os.stat(name)
        except FileNotFoundError:
            st = None
        digest = _digest(content) if self.hashes is not None else ""
        rel = name[len(_resolved(str(self.root))) + 1:]
        if st is not None and st.st_size == len(content):
            known = self.hashes.get(rel) if self.hashes is not None else None
            if known is not None and known[:2] == (st.st_size, st.st_mtime_ns):
                same = known[2] == digest  # the record speaks for the file: not read
            else:
                same = _read(name) == content
            if same:
                self.stats.unchanged += 1
                if self.hashes is not None:
                    self.hashes[rel] = (st.st_size, st.st_mtime_ns, digest)
                return path
        parent = os.path.dirname(name)
        if parent not in self._dirs:
            os.makedirs(parent, exist_ok=True)
            self._dirs.add(parent)
        self._tmp_no += 1
        tmp = os.path.join(parent, f".tmp-{os.getpid()}-{self._tmp_no}{path.suffix}")
        try:
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileNotFoundError:  # its directory went since (an emptied list's pages, say)
                os.makedirs(parent, exist_ok=True)
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
                os.fchmod(fh.fileno(), 0o644)
                fh.flush()
                written = os.fstat(fh.fileno())
            os.replace(tmp, name)  # atomic on POSIX: readers see the old file or the new one
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        if self.hashes is not None:
            self.hashes[rel] = (written.st_size, written.st_mtime_ns, digest)
        self.stats.written += 1
        return path

    def remove(self, url: str) -> None:
        path = file_for(self.root, url)
        if path.is_file():
            path.unlink()
            self.stats.removed += 1

    def remove_tree(self, url: str) -> None:
        path = file_for(self.root, url.rstrip("/") + "/").parent
        if path.is_dir():
            for p in sorted(path.rglob("*"), reverse=True):
                if p.is_file():
                    p.unlink()
                    self.stats.removed += 1
                else:
                    p.rmdir()
            path.rmdir()

    # ---- rendering -----------------------------------------------------------------------------

    def render(self, url: str) -> bytes | None:
        """The page as the anonymous visitor gets it, or None when it is not a public page."""
        try:
            match = resolve(url)
        except Resolver404:
            return None
        request = mirror_request(self.factory, url)
        try:
            response = match.func(request, *match.args, **match.kwargs)
        except Http404:
            return None
        if response.status_code != 200:
            return None
        if getattr(response, "streaming", False):
            try:
                return b"".join(response.streaming_content)
            finally:
                # Close the file only: response.close() would send request_finished, which closes the
                # database connection under a running build.
                stream = getattr(response, "file_to_stream", None)
                if stream is not None:
                    stream.close()
        return response.content

    def page(self, url: str) -> bool:
        """Render one URL into the mirror, or remove it when it is no longer public."""
        content = self.render(url)
        if content is None:
            self.remove(url)
            return False
        self.write(url, content)
        return True

    # ---- what a change touches ------------------------------------------------------------------

    def assets(self) -> None:
        for name in ASSETS:
            source = finders.find(name)
            if source is None:
                continue
            try:
                url = static(name)
            except ValueError:
                # Manifest storage without a manifest yet: collect once, then the hashed name exists.
                from django.core.management import call_command

                call_command("collectstatic", interactive=False, verbosity=0)
                url = static(name)
            self.write(url, Path(source).read_bytes())

    def front(self) -> None:
        home = self.render(reverse("portal:home"))
        if home is not None:
            self.write("/portal/", home)
            self.write("/", home)  # the mirror's root is the portal's home page
        self.page(reverse("portal:latest"))
        self.page(reverse("portal:guide"))
        for fmt in FEED_FORMATS:
            self.page(reverse("portal:feed_all", args=[fmt]))

    def has_disclosure(self, pk: int) -> bool:
        return file_for(self.root, reverse("portal:disclosure", args=[pk])).exists()

    def disclosure(self, pk: int) -> bool:
        """The disclosure's page and attachments if it is public now; otherwise none of them."""
        return pk in self.disclosures([pk])

    def disclosures(self, pks: Iterable[int]) -> set[int]:
        """Each disclosure's page and attachments if it is public now (the gate asked once for all of
        them), otherwise none of them; the ids written."""
        pks = list(pks)
        ds = selectors.disclosures_many(None, pks)
        extras = selectors.disclosure_extras_many(None, ds)
        crumbs = selectors.ancestors_many({d.org for d in ds})
        for d in ds:
            url = self.pages.urls("portal:disclosure", args=[d.pk])
            content = disclosure_content(d, extras[d.pk], crumbs[d.org_id], mirror=True)
            self.write(url, self.pages.render("portal/disclosure.html", {
                "content": {k: mark_safe(content[k]) for k in ("head", "body", "tail")} | {"title": content["title"]},
                "chain": selectors.readable_chain(None, content["chain"]), "crumbs": content["crumbs"]}))
            keep = set()
            for _copy, att_url in extras[d.pk]["attachments"]:
                if self.page(att_url):
                    keep.add(file_for(self.root, att_url))
            files_dir = file_for(self.root, url).parent / "files"
            if files_dir.is_dir():
                for f in files_dir.iterdir():
                    if f.is_file() and f not in keep:
                        f.unlink()
                        self.stats.removed += 1
        written = {d.pk for d in ds}
        for pk in set(pks) - written:
            self.remove_tree(reverse("portal:disclosure", args=[pk]))
        return written

    def org(self, org: Organization, *, categories: Iterable[str] | None = None,
            years: Iterable[int] | None = None, with_catalog: bool = True, clear: bool = False) -> None:
        """The org's page, its lists (all, and by each category and year with public items; the given
        categories and years that have none are removed), its catalog and guide."""
        found = Organization.objects.select_related("parent", "serves").filter(pk=org.pk, is_active=True).first()
        if found is None:  # the portal answers 404 for all of an inactive org's pages
            self.remove_tree(reverse("portal:org", args=[org.pk]))
            return
        org = found
        batch = selectors.org_batch(None, [org])
        self.org_from(batch, org, categories=categories, years=years, with_catalog=with_catalog, clear=clear)

    def org_from(self, batch: selectors.OrgBatch, org: Organization, *, categories: Iterable[str] | None = None,
                 years: Iterable[int] | None = None, with_catalog: bool = True, clear: bool = False) -> None:
        """`org` from the batch's data: the same pages the portal's views answer, without a query."""
        rows = batch.rows[org.pk]
        facets = selectors.facets_of(rows)
        crumbs = batch.crumbs[org.pk]
        published = batch.catalogs[org.pk]
        render, urls = self.pages.render, self.pages.urls
        self.write(urls("portal:org", args=[org.pk]), render("portal/org.html", {
            "org": org, "latest": rows[:10], "facets": facets, "crumbs": crumbs,
            "children": batch.children[org.pk], "catalog": published is not None,
            **batch.participation[org.pk]}))
        self.write(urls("portal:org_guide", args=[org.pk]), render("portal/guide.html", {
            "org": org, "crumbs": crumbs, **selectors.guide_of(None, org, batch, self._deadlines())}))
        list_context = {"org": org, "crumbs": crumbs, "facets": facets}
        self.listing(urls("portal:org_all", args=[org.pk]),
                     lambda n: urls("portal:org_all_page", args=[org.pk, n]), rows,
                     {**list_context, "title": _("全部公开事项"), "category": "", "year": None})
        cat_counts = {c: n for c, _label, n in facets["categories"]}
        year_counts = dict(facets["years"])
        # Every list with items: each one's filter line shows every category's and year's count. The given
        # categories and years besides, so a list a change emptied goes.
        categories = set(categories or ()) | set(cat_counts)
        years = set(years or ()) | set(year_counts)
        if clear:
            categories |= set(self._existing(org, "category"))
            years |= {int(y) for y in self._existing(org, "year") if y.isdigit()}
        labels = dict(Category.choices)
        for c in sorted(categories):
            if c not in labels:
                continue
            if cat_counts.get(c):
                self.listing(urls("portal:org_category", args=[org.pk, c]),
                             lambda n, c=c: urls("portal:org_category_page", args=[org.pk, c, n]),
                             [d for d in rows if d.category == c],
                             {**list_context, "title": labels[c], "category": c, "year": None})
            else:
                self.remove_tree(urls("portal:org_category", args=[org.pk, c]))
        for y in sorted(years, reverse=True):
            if year_counts.get(y):
                self.listing(urls("portal:org_year", args=[org.pk, y]),
                             lambda n, y=y: urls("portal:org_year_page", args=[org.pk, y, n]),
                             selectors.in_year(rows, y),
                             {**list_context, "title": _("%(y)s年") % {"y": y}, "category": "", "year": y})
            else:
                self.remove_tree(urls("portal:org_year", args=[org.pk, y]))
        if with_catalog:
            url = urls("portal:catalog", args=[org.pk])
            if published is None:
                self.remove(url)
            else:
                self.write(url, render("portal/catalog.html", {"org": org, "crumbs": crumbs, **published}))

    def _deadlines(self) -> list:
        if getattr(self, "_deadline_rows", None) is None:
            self._deadline_rows = selectors.guide_deadlines()
        return self._deadline_rows

    def listing(self, first_url: str, page_url, rows: list, context: dict) -> None:
        """A list's pages (org_list): the first at its own address, 2..n under it; pages past the end go."""
        paginator = Paginator(rows, selectors.PER_PAGE)
        for n in paginator.page_range:
            self.write(first_url if n == 1 else page_url(n), self.pages.render("portal/org_list.html", {
                **context, "page_obj": paginator.page(n), "base": first_url}))
        n = paginator.num_pages + 1
        while file_for(self.root, page_url(n)).exists():
            self.remove_tree(page_url(n))
            n += 1

    def org_feeds(self, org: Organization, items: list) -> None:
        """The org's Atom and RSS feeds around its items (the newest public ones of its subtree)."""
        feed = feeds.org_feed_of(org, items)
        for fmt in FEED_FORMATS:
            url = self.pages.urls("portal:feed_org", args=[org.pk, fmt])
            self.write(url, feeds.respond(mirror_request(self.factory, url), fmt, feed).content)

    def _existing(self, org: Organization, kind: str) -> list[str]:
        d = file_for(self.root, reverse("portal:org", args=[org.pk])).parent / kind
        return [p.name for p in d.iterdir() if p.is_dir()] if d.is_dir() else []

    def feeds_for(self, org: Organization, category: str = "") -> None:
        paths = [*ancestor_paths(org.path), org.path]
        for o in Organization.objects.filter(path__in=paths).only("pk"):
            for fmt in FEED_FORMATS:
                self.page(reverse("portal:feed_org", args=[o.pk, fmt]))
        if category:
            for fmt in FEED_FORMATS:
                self.page(reverse("portal:feed_category", args=[category, fmt]))

    # ---- the two entry points ---------------------------------------------------------------------

    def update(self, ids: Iterable[int]) -> Stats:
        """Re-render what these disclosures' change affects (publish, correct, withdraw, scope change)."""

        ids = sorted({int(i) for i in ids})
        rows = list(Disclosure.objects.filter(pk__in=ids).select_related("org"))
        # The mirror holds public pages only: an item that neither is public nor has a page here
        # (a party-scope publication, say) changes nothing in it.
        rows = [d for d in rows if is_public(d) or self.has_disclosure(d.pk)]
        deleted = {i for i in ids if self.has_disclosure(i)} - {d.pk for d in rows}
        ids = sorted({d.pk for d in rows} | deleted)
        if not ids:
            return self.stats
        with self.locked():
            touched_orgs: dict[int, tuple[Organization, set, set]] = {}
            for d in rows:
                self.disclosure(d.pk)
                org, cats, years = touched_orgs.setdefault(d.org_id, (d.org, set(), set()))
                cats.add(d.category)
                if d.published_at:
                    years.add(timezone.localtime(d.published_at).year)
            for pk in set(ids) - {d.pk for d in rows}:
                self.remove_tree(reverse("portal:disclosure", args=[pk]))
            for org, cats, years in touched_orgs.values():
                self.org(org, categories=cats, years=years)
                for c in cats:
                    self.feeds_for(org, c)
            if ids:
                self.front()
                self.assets()
        return self.stats

    def org_pages(self, org_ids: Iterable[int]) -> None:
        """Consultations, notices and public replies are shown on the org's page: re-render that page."""
        org_ids = sorted(set(org_ids))
        if not org_ids:
            return
        with self.locked():
            for pk in org_ids:
                self.page(reverse("portal:org", args=[pk]))

    def build(self, *, progress=None) -> Stats:
        """Everything public, from the database; files this build did not write are deleted. The change
        feed is followed from where it stood when the build began."""
        follower = feed_follower(self.root)
        with follower.locked():
            start = changes.head()
            self.build_pages(progress=progress)
            follower.reset(start)
        return self.stats

    def build_pages(self, *, progress=None) -> Stats:
        with self.locked():
            self.hashes = _load_hashes(self.root)
            try:
                self._build_pages(progress)
            finally:
                _save_hashes(self.root, self.hashes)
                self.hashes = None
        return self.stats

    def _build_pages(self, progress) -> None:
        self.assets()
        self.front()
        for category, _label in Category.choices:
            for fmt in FEED_FORMATS:
                self.page(reverse("portal:feed_category", args=[category, fmt]))
        orgs = Organization.objects.filter(is_active=True).select_related("parent", "serves")
        public = list(public_disclosures(Disclosure.objects.all()).values_list("pk", flat=True))
        # One unit per org (its pages and feeds) and per public item: a total and time left for the log.
        done = Progress(_("生成静态镜像"), orgs.count() + len(public), progress)
        subtree = selectors.subtree_feed_ids(None, feeds.FEED_SIZE)
        for chunk in batches.pages(orgs):
            batch = selectors.org_batch(None, chunk)
            wanted = {o.pk: subtree.get(o.path, []) for o in chunk}
            bodies = feeds.with_bodies_by_pk({pk for ids in wanted.values() for pk in ids})
            for org in chunk:
                self.org_from(batch, org)
                self.org_feeds(org, [bodies[pk] for pk in wanted[org.pk] if pk in bodies])
                done.advance()
        for start in range(0, len(public), 200):
            chunk = public[start:start + 200]
            self.disclosures(chunk)
            done.advance(len(chunk))
        self._sweep({str(file_for(self.root, u)) for u in self.stats.urls})

    def _sweep(self, keep: set[str]) -> None:
        root = _resolved(str(self.root))
        for top, _subdirs, files in os.walk(root, topdown=False):
            for f in files:
                path = os.path.join(top, f)
                if f in KEEP_FILES or path in keep:
                    continue
                os.unlink(path)
                self.stats.removed += 1
                if self.hashes is not None:
                    self.hashes.pop(path[len(root) + 1:], None)
            if top != root and not os.listdir(top):
                os.rmdir(top)
                self._dirs.discard(top)


def _read(name: str) -> bytes:
    with open(name, "rb") as fh:
        return fh.read()


def _digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def _load_hashes(root: Path) -> dict:
    """The last build's record: one line per file, `path<TAB>size<TAB>mtime_ns<TAB>digest` (the path
    relative to the mirror). A missing or damaged record only means files are read and compared."""
    hashes: dict = {}
    try:
        with open(Path(root) / HASH_FILE, encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 4 and parts[1].isdigit() and parts[2].isdigit():
                    hashes[parts[0]] = (int(parts[1]), int(parts[2]), parts[3])
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    return hashes


def _save_hashes(root: Path, hashes: dict) -> None:
    path = Path(root) / HASH_FILE
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".tmp-", suffix=".hashes")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.writelines(f"{name}\t{size}\t{mtime}\t{digest}\n" for name, (size, mtime, digest) in hashes.items())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def build(root=None, *, progress=None) -> Stats:
    return Mirror(root).build(progress=progress)


def update(ids, root=None) -> Stats:
    return Mirror(root).update(ids)


def feed_follower(root=None) -> FeedFollower:
    """The mirror's place in the change feed, kept in the (shared) mirror directory itself: a new or
    emptied directory has none and is built in full once."""
    return FeedFollower(Path(root or default_dir()) / FEED_FILE)


def follow(root=None) -> Stats:
    """Re-render what the change feed says changed since the mirror last followed it."""
    m = Mirror(root)

    def apply(items):
        m.update([i for kind, i in items if kind == changes.DISCLOSURE])
        m.org_pages([i for kind, i in items if kind == changes.ORG])

    feed_follower(m.root).follow(apply, rebuild=m.build_pages)
    return m.stats


def clear(root=None) -> None:
    root = Path(root) if root else default_dir()
    if root.is_dir():
        shutil.rmtree(root)
