from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from dwgk.core.context import viewer_for

from . import permissions
from .forms import ImportForm


@login_required
def import_view(request):
    viewer = viewer_for(request)
    if not permissions.can_import(viewer):
        raise PermissionDenied(_("您无权导入数据"))
    form = ImportForm(request.POST or None, request.FILES or None)
    return render(request, "orgs/import.html", {"form": form})
