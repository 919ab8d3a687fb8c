"""Django views as facts: which auth guards each view and whether it changes data, at the line
of its ``def`` or ``class`` (blind check d2)."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import of_kind, signals_of


def _views(source: str, path: str = "notes/views.py") -> list[tuple[int, str, dict[str, str]]]:
    return of_kind(signals_of(source, path), "django-view")


def test_function_views_carry_their_guard_and_whether_they_write() -> None:
    views = _views(
        """\
        from django.contrib.auth.decorators import login_required, permission_required
        from django.shortcuts import get_object_or_404, redirect, render
        from django.views.decorators.http import require_POST

        from .forms import NoteForm
        from .models import Note


        def note_list(request):
            return render(request, "notes/list.html", {"notes": Note.objects.all()})


        @login_required
        def note_create(request):
            if request.method == "POST":
                form = NoteForm(request.POST)
                if form.is_valid():
                    form.save()
                    return redirect("note_list")
            return render(request, "notes/form.html", {"form": NoteForm()})


        @require_POST
        @permission_required("notes.delete_note")
        def note_delete(request, pk):
            get_object_or_404(Note, pk=pk).delete()
            return redirect("note_list")


        def note_detail(request, pk):
            note = get_object_or_404(Note, pk=pk)
            note.views += 1
            note.save()
            return render(request, "notes/detail.html", {"note": note})


        def toggle_done(request, pk):
            if not request.user.is_authenticated:
                return redirect("login")
            note = get_object_or_404(Note, pk=pk, owner=request.user)
            note.done = not note.done
            note.save()
            return redirect("note_list")


        def login_page(request):
            if request.user.is_authenticated:
                return redirect("note_list")
            return render(request, "registration/login.html")


        def staff_board(request):
            if request.user.is_staff:
                Note.objects.filter(done=True).delete()
            return redirect("note_list")


        def _owned(request, pk):
            return get_object_or_404(Note, pk=pk, owner=request.user)
        """
    )

    assert views == [
        (9, "note_list", {"writes": "0", "drf": "0"}),
        (14, "note_create", {"writes": "1", "drf": "0", "guard": "login_required"}),
        (25, "note_delete", {"writes": "1", "drf": "0", "guard": "permission_required"}),
        # A view counter is no change to anyone's data.
        (30, "note_detail", {"writes": "0", "drf": "0"}),
        (37, "toggle_done", {"writes": "1", "drf": "0", "guard": "is_authenticated"}),
        # A login page sends signed-in users on: it turns no visitor away.
        (46, "login_page", {"writes": "0", "drf": "0"}),
        (52, "staff_board", {"writes": "1", "drf": "0"}),
    ]


def test_class_based_views_and_viewsets_on_django_and_rest_framework_bases() -> None:
    views = _views(
        """\
        from django.contrib.auth.mixins import LoginRequiredMixin
        from django.urls import reverse_lazy
        from django.utils.decorators import method_decorator
        from django.contrib.auth.decorators import login_required
        from django.views import generic
        from rest_framework import mixins, permissions, views, viewsets
        from rest_framework.permissions import AllowAny, IsAuthenticated
        from rest_framework.response import Response

        from .models import Note
        from .serializers import UserSerializer


        class OwnedNoteMixin(LoginRequiredMixin, generic.View):
            pass


        class NoteUpdate(OwnedNoteMixin, generic.UpdateView):
            model = Note
            fields = ["title"]


        class NoteDelete(generic.DeleteView):
            model = Note
            success_url = reverse_lazy("note_list")


        @method_decorator(login_required, name="dispatch")
        class Archive(generic.TemplateView):
            template_name = "notes/archive.html"


        class NoteViewSet(viewsets.ModelViewSet):
            queryset = Note.objects.all()
            permission_classes = [permissions.IsAuthenticated]


        class PublicNotes(mixins.ListModelMixin, viewsets.GenericViewSet):
            queryset = Note.objects.all()
            permission_classes = (AllowAny,)


        class SignUpView(generic.CreateView):
            template_name = "registration/signup.html"


        class UserList(views.APIView):
            permission_classes = [AllowAny]

            def post(self, request):
                serializer = UserSerializer(data=request.data)
                serializer.is_valid(raise_exception=True)
                serializer.save()
                return Response(serializer.data, status=201)


        class ArchivedNoteDelete(NoteDelete):
            template_name = "notes/archived_confirm_delete.html"


        class CommentViewSet(viewsets.ModelViewSet):
            def get_permissions(self):
                if self.action in ("list", "retrieve"):
                    return [AllowAny()]
                return [IsAuthenticated()]


        class NoteForm:
            def save(self):
                return None
        """
    )

    assert [(line, name, data.get("guard", ""), data["writes"]) for line, name, data in views] == [
        (14, "OwnedNoteMixin", "LoginRequiredMixin", "0"),
        (18, "NoteUpdate", "LoginRequiredMixin", "1"),  # from the view class it derives from
        (23, "NoteDelete", "", "1"),
        (29, "Archive", "login_required", "0"),
        (33, "NoteViewSet", "IsAuthenticated", "1"),
        (38, "PublicNotes", "", "0"),
        (43, "SignUpView", "", "1"),
        (47, "UserList", "", "1"),
        (57, "ArchivedNoteDelete", "", "1"),
        (61, "CommentViewSet", "get_permissions", "1"),
    ]
    found = {name: data for _, name, data in views}
    assert (found["PublicNotes"]["open"], found["PublicNotes"]["drf"]) == ("AllowAny", "1")
    # What a sign-up's view does: it only adds (here a user); a viewset also changes and deletes.
    assert [name for name, data in found.items() if data.get("creates")] == [
        "SignUpView",
        "UserList",
    ]


def test_allow_any_is_no_authentication() -> None:
    """``permission_classes = [AllowAny]`` was cited as the app's authentication: it is the
    absence of it."""
    signals = signals_of(
        """\
        from rest_framework import viewsets
        from rest_framework.decorators import api_view, permission_classes
        from rest_framework.permissions import AllowAny, IsAuthenticated


        class NoteViewSet(viewsets.ModelViewSet):
            permission_classes = [AllowAny]


        @api_view(["POST"])
        @permission_classes([AllowAny])
        def register(request):
            return None


        @api_view(["GET", "DELETE"])
        @permission_classes([IsAuthenticated])
        def note(request, pk):
            return None
        """,
        "api/views.py",
    )

    assert of_kind(signals, "auth") == [(18, "permission_classes", {})]
    assert [
        (line, name, data.get("guard", "")) for line, name, data in of_kind(signals, "django-view")
    ] == [(6, "NoteViewSet", ""), (12, "register", ""), (18, "note", "IsAuthenticated")]


def test_settings_that_guard_every_view() -> None:
    signals = signals_of(
        """\
        import os

        MIDDLEWARE = [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.auth.middleware.LoginRequiredMiddleware",
        ]

        REST_FRAMEWORK = {
            "DEFAULT_AUTHENTICATION_CLASSES": [
                "rest_framework_simplejwt.authentication.JWTAuthentication",
            ],
            "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        }
        """,
        "config/settings.py",
    )
    assert [(line, name) for line, name, _ in of_kind(signals, "auth")] == [
        (6, "LoginRequiredMiddleware"),
        (13, "DEFAULT_PERMISSION_CLASSES"),
    ]
    open_default = signals_of(
        "REST_FRAMEWORK = {\n"
        '    "DEFAULT_PERMISSION_CLASSES": ("rest_framework.permissions.AllowAny",),\n'
        "}\n",
        "config/settings.py",
    )
    assert of_kind(open_default, "auth") == []


def test_no_django_views_outside_a_django_module() -> None:
    """A FastAPI app's ``views.py`` taking ``request``, a Django project's helper that takes
    the request outside a views module, and its tests are no Django views."""
    fastapi_views = """\
        from fastapi import Request
        from fastapi.templating import Jinja2Templates

        templates = Jinja2Templates(directory="templates")


        def create_note(request: Request):
            return templates.TemplateResponse("note.html", {"request": request})
        """
    helper = """\
        from django.conf import settings


        def add_message_count(request):
            request.session["count"] = 0
            return {"debug": settings.DEBUG}
        """
    tests = """\
        from django.test import TestCase


        def create_note(request):
            return None
        """
    assert _views(fastapi_views, "app/views.py") == []
    assert _views(helper, "notes/context_processors.py") == []
    assert _views(tests, "notes/tests.py") == []


def test_a_helper_in_views_py_that_another_view_calls_is_no_view() -> None:
    """``remember_color(request, note)``, kept in ``views.py`` and called by the view that
    creates a note, was named an open view (blind check d3)."""
    views = """\
        from django.contrib.auth.decorators import login_required
        from django.shortcuts import redirect

        from .models import Note


        def remember_color(request, note):
            request.session["color"] = note.color
            note.save()


        @login_required
        def new_note(request):
            note = Note.objects.create(title=request.POST["title"], owner=request.user)
            remember_color(request, note)
            return redirect("notes")


        def change_color(request, pk):
            note = Note.objects.get(pk=pk)
            note.color = request.POST["color"]
            note.save()
            return redirect("notes")
        """
    assert [name for _, name, _ in _views(views, "notes/views.py")] == ["new_note", "change_color"]


def test_a_view_wrapped_in_login_required_in_the_urlconf() -> None:
    signals = signals_of(
        """\
        from django.contrib.auth.decorators import login_required, permission_required
        from django.urls import path
        from django.views.generic import TemplateView

        from . import views

        urlpatterns = [
            path("new/", login_required(views.note_create), name="note_create"),
            path("about/", login_required(TemplateView.as_view(template_name="about.html"))),
            path("", views.note_list, name="note_list"),
        ]
        """,
        "notes/urls.py",
    )
    assert of_kind(signals, "auth") == [
        (8, "login_required", {"view": "note_create"}),
        (9, "login_required", {"view": "TemplateView"}),
    ]


BULK_VIEWS = """\
from rest_framework.permissions import IsAuthenticated
from rest_framework_bulk import BulkModelViewSet

from core.serializers import TodoItemSerializer
from reports.base import ReportViewSet


class TodoItemViewSet(BulkModelViewSet):
    serializer_class = TodoItemSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return self.request.user.todo_items.all()


class WeeklyReport(ReportViewSet):
    template = "weekly.html"
"""


def test_a_viewset_on_a_rest_framework_extension_s_base_is_a_view() -> None:
    """djangorestframework-bulk's ``BulkModelViewSet`` was no view: the app's main API left the
    achievements, and Security said its views enforce no auth beside ``IsAuthenticated``
    (blind check m2). A base of the project's own module is not taken on its name alone."""
    views = _views(BULK_VIEWS, "core/views.py")

    assert [(line, name) for line, name, _ in views] == [(8, "TodoItemViewSet")]
    [(_, _, data)] = views
    assert (data["drf"], data["guard"]) == ("1", "IsAuthenticated")
