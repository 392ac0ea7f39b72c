from django.core.paginator import Paginator
from django.shortcuts import render

from dwgk.orgs.models import Organization

from . import audience, services
from .query import SearchForm

PER_PAGE = 20


def search(request):
    """全文检索: the viewer's audience keys filter inside the query; the gate predicate checks each hit."""
    form = SearchForm(request.GET or None)
    form.fields["org"].widget.search(request.GET.get("org_q", ""))
    result = org = page_obj = None
    if form.is_valid():
        data = form.cleaned_data
        if data["org"]:
            org = Organization.objects.filter(pk=data["org"]).only("pk", "name", "path").first()
        result = services.search(
            data["q"], audience.keys_for(request), can_see_many=lambda hits: audience.visible_hits(request, hits),
            org_path=org.path if org else "", category=data["category"], year=data["year"],
            channel=data["channel"], sort=data["sort"] or "relevance", page=data["page"] or 1,
            per_page=PER_PAGE,
        )
        # The Paginator only draws the page links; the total comes from the index's exact count.
        page_obj = Paginator(range(result.total), PER_PAGE).get_page(result.page)
    query = request.GET.copy()
    query.pop("page", None)
    without_org = query.copy()
    without_org.pop("org", None)
    sort_query = request.GET.copy()
    sort_query.pop("page", None)
    sort_query.pop("sort", None)
    return render(request, "search/search.html", {
        "form": form, "result": result, "org": org, "page_obj": page_obj,
        "query_string": query.urlencode(), "without_org": without_org.urlencode(),
        "sort_query": sort_query.urlencode(), "feed_query": query.urlencode(),
        "sort": (form.cleaned_data.get("sort") if form.is_bound and form.is_valid() else "") or "relevance",
    })
