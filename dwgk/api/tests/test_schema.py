"""The OpenAPI document is valid OpenAPI 3.1, lists exactly the endpoints there are, and the endpoints'
real answers match its schemas field for field (additionalProperties: false)."""

import datetime as dt
import json

import pytest
from django.urls import get_resolver
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from dwgk.core.choices import Channel, Scope
from dwgk.disclosures.models import Interpretation, Publication
from dwgk.search import services as search_services

from ..schema import document
from .conftest import publish
from .test_endpoints import _filed


def test_the_document_is_valid_openapi_31(api, db):
    served = api.json("openapi.json")
    assert served["openapi"] == "3.1.0"
    validate(served)  # raises on any violation of the OpenAPI 3.1 specification


def _broken(change):
    doc = json.loads(json.dumps(document()))
    change(doc)
    return doc


@pytest.mark.parametrize("change", [
    lambda doc: doc["info"].pop("title"),
    lambda doc: doc["paths"]["/disclosures"]["get"]["parameters"][0].update({"in": "body"}),
    lambda doc: doc["components"]["responses"]["NotFound"].pop("description"),
], ids=["no title", "bad parameter location", "response without description"])
def test_the_validator_does_reject_a_broken_document(change):
    with pytest.raises(OpenAPIValidationError):
        validate(_broken(change))


def _api_routes() -> set[str]:
    """The JSON endpoints in urls.py, written the OpenAPI way ({id} for a path parameter)."""
    resolver = get_resolver()
    out = set()
    for pattern in resolver.url_patterns:
        if str(pattern.pattern) != "api/v1/":
            continue
        for sub in pattern.url_patterns:
            if sub.name in ("unknown", "docs", "tokens") or sub.name is None:  # HTML pages, the catch-all
                continue
            regex = str(sub.pattern.regex.pattern).removeprefix("^").removesuffix("/?$").removesuffix("$")
            for group, name in (("(?P<pk>[0-9]{1,18})", "{id}"), ("(?P<org_pk>[0-9]{1,18})", "{id}"),
                                ("(?P<att_pk>[0-9]{1,18})", "{attachment_id}")):
                regex = regex.replace(group, name)
            out.add("/" + regex.replace("\\.", "."))
    return out


def test_every_endpoint_is_documented_and_nothing_else():
    assert _api_routes() == set(document()["paths"])


def _validator(name: str) -> Draft202012Validator:
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema", "components": document()["components"],
            "$ref": f"#/components/schemas/{name}"}
    return Draft202012Validator(root, format_checker=FormatChecker())


@pytest.fixture
def rich(world, search_index):
    """At least one of everything a response can carry."""
    w = world
    catalog = _filed(w.district, Scope.PUBLIC)
    item = catalog.items.filter(withheld=False).first()
    d = publish(w, catalog_item=item, redacted_title="党费收缴公示", channels=[Channel.PORTAL, Channel.MEETING])
    Interpretation.objects.create(disclosure=d, kind="qa", title="问答", body="<p>答</p>", published_at=timezone.now())
    Publication.objects.create(disclosure=d, channel=Channel.MEETING, published_at=timezone.now(), content_hash="x",
                               held_on=dt.date(2026, 3, 2), place="会议室")
    fix = publish(w, title="党费收缴公示（更正）", corrects=d, correction_kind="correct", correction_reason="更正金额")
    type(d).objects.filter(pk=d.pk).update(superseded_by=fix)
    search_services.rebuild()
    return d, fix


def test_every_answer_matches_its_schema(api, world, rich, token_for):
    d, fix = rich
    token = token_for(world.users["member_district"])
    cases = [
        ("", {}, "Index"), ("me", {}, "Me"), ("organizations", {}, "OrganizationPage"),
        (f"organizations/{world.district.pk}", {}, "OrganizationDetail"),
        (f"organizations/{world.cdi.pk}", {}, "OrganizationDetail"),
        (f"organizations/{world.district.pk}/catalog", {"year": 2026}, "Catalog"),
        ("catalogs", {}, "CatalogPage"),
        ("disclosures", {}, "DisclosurePage"), (f"disclosures/{d.pk}", {}, "Disclosure"),
        (f"disclosures/{fix.pk}", {}, "Disclosure"),
        ("search", {"q": "党费"}, "SearchPage"),
        ("disclosures/999999", {}, "Error"), ("disclosures", {"org": "x"}, "Error"), ("nothing", {}, "Error"),
    ]
    for who in (None, token):
        for path, params, name in cases:
            body = json.loads(api.get(path, who, **params).content)
            errors = sorted(_validator(name).iter_errors(body), key=str)
            assert not errors, (path, name, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]])
    body = api.json(f"disclosures/{d.pk}")
    assert body["corrections"] and body["interpretations"] and body["publications"] and body["attachments"]


def test_the_schemas_do_catch_an_undocumented_field():
    body = {"id": 1, "name": "x", "secret_original_title": "y"}
    assert list(_validator("OrgRef").iter_errors(body))


def test_documented_parameters_are_the_accepted_ones(api, world, rich):
    """Each documented query parameter is accepted with a valid value; an undocumented one is refused."""
    samples = {"integer": str(world.district.pk), "string": "党费"}
    for url, ops in document()["paths"].items():
        if "{" in url or url == "/openapi.json":
            continue
        for p in ops["get"].get("parameters", []):
            schema = p["schema"]
            if schema.get("anyOf", [None])[-1] == {"type": "string", "maxLength": 0}:
                schema = schema["anyOf"][0]  # the documented empty value aside, the parameter's own schema
            value = schema["enum"][0] if "enum" in schema else (
                "2026-03-01" if "anyOf" in schema else samples[schema["type"]])
            if p["name"] in ("year",):
                value = "2026"
            if p["name"] in ("page", "page_size"):
                value = "1"
            base = {"q": "党费"} if url == "/search" else {}  # a search needs words or a filter
            resp = api.get(url.lstrip("/") or "", **{**base, p["name"]: value})
            assert resp.status_code == 200, (url, p["name"], value, resp.content[:300])
        resp = api.get(url.lstrip("/"), undocumented="1")
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "unknown_parameter", url


# ---------------------------------------------------------------------------------------------- hostile

@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/%0A", "/api/v1/organizations%0A", "/api/v1/x%0Ay/", "/api/v1/%0D%0A"])
def test_every_path_under_the_api_gets_the_json_error(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_every_error_code_an_operation_answers_is_listed(client, world):
    doc = client.get("/api/v1/openapi.json").json()

    def codes(path, status):
        schema = doc["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
        return set(schema["properties"]["error"]["properties"]["code"]["enum"])

    cases = [
        ("/api/v1/disclosures?parent=99999", "/disclosures", "400"),
        ("/api/v1/organizations?subtree=99999", "/organizations", "400"),
        ("/api/v1/search?sort=newest", "/search", "400"),
        ("/api/v1/disclosures?bogus=1", "/disclosures", "400"),
        ("/api/v1/disclosures/99999", "/disclosures/{id}", "404"),
    ]
    for url, path, status in cases:
        response = client.get(url)
        if response.status_code == int(status):
            assert response.json()["error"]["code"] in codes(path, status), url
    assert "405" in doc["paths"]["/disclosures"]["get"]["responses"]
    response = client.post("/api/v1/disclosures")
    assert response.status_code == 405 and response.json()["error"]["code"] in codes("/disclosures", "405")


@pytest.mark.django_db
def test_empty_values_are_documented_as_no_filter(client, world):
    doc = client.get("/api/v1/openapi.json").json()
    params = {p["name"]: p for p in doc["paths"]["/disclosures"]["get"]["parameters"]}
    assert {"type": "string", "maxLength": 0} in params["published_until"]["schema"]["anyOf"]
    assert client.get("/api/v1/disclosures?published_until=").status_code == 200
    assert client.get("/api/v1/disclosures?published_until=soon").status_code == 400
