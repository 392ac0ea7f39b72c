from django.utils.functional import SimpleLazyObject

from dwgk.access.viewer import viewer_for

from .nav import nav_for


def shell(request):
    viewer = viewer_for(request)
    return {
        "viewer": viewer,
        # Lazy: only the workbench shell draws it; portal pages never pay for it.
        "nav_items": SimpleLazyObject(lambda: nav_for(viewer, request.path)),
        "large_type": getattr(request, "large_type", False),
    }
