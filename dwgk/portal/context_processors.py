from dwgk.access.audience import audience_of


def reader(request):
    """The portal header's 工作台 link asks whether the reader holds a business role: the roles the gate
    already loaded for this request, read only if a template asks (a callable)."""
    return {"has_roles": lambda: bool(audience_of(getattr(request, "user", None)).role_paths)}
