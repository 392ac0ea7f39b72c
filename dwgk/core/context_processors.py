from .context import viewer_for
from .nav import nav_for


def shell(request):
    viewer = viewer_for(request)
    return {
        "viewer": viewer,
        "nav_items": nav_for(viewer, request.path),
        "large_type": getattr(request, "large_type", False),
    }
