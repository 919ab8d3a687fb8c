"""The security area's best practice in Django projects: judged by the views, as Flask's is by
its routes. Every Django project was "partial", its views all behind ``@login_required`` or not,
and ``permission_classes = [AllowAny]`` was cited as authentication (blind check d2)."""

from __future__ import annotations

from mentorbot.curriculum.loader import load_curriculum
from mentorbot.domain import SkillArea
from mentorbot.planning import make_plan
from mentorbot.rules.review import analyze_sources
from mentorbot.skills import assess_skills
from tests.unit.assess.scenarios import Scan, assess

MODELS = b"""\
from django.conf import settings
from django.db import models


class Note(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
"""
FUNCTION_VIEWS = b"""\
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.shortcuts import get_object_or_404, redirect, render

from .forms import NoteForm
from .models import Note


def signup(request):
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.save())
        return redirect("note_list")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def note_list(request):
    return render(request, "notes/list.html", {"notes": Note.objects.filter(owner=request.user)})


@login_required
def note_create(request):
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.save(commit=False)
        note.owner = request.user
        note.save()
        return redirect("note_list")
    return render(request, "notes/form.html", {"form": form})


@login_required
def note_delete(request, pk):
    note = get_object_or_404(Note, pk=pk, owner=request.user)
    if request.method == "POST":
        note.delete()
        return redirect("note_list")
    return render(request, "notes/confirm_delete.html", {"note": note})
"""
CLASS_VIEWS = b"""\
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.views.generic import CreateView, DeleteView, ListView, UpdateView

from .models import Note


class NoteListView(LoginRequiredMixin, ListView):
    model = Note

    def get_queryset(self):
        return Note.objects.filter(owner=self.request.user)


class NoteCreateView(LoginRequiredMixin, CreateView):
    model = Note
    fields = ["title", "body"]
    success_url = reverse_lazy("note_list")

    def form_valid(self, form):
        form.instance.owner = self.request.user
        return super().form_valid(form)


class NoteUpdateView(LoginRequiredMixin, UpdateView):
    model = Note
    fields = ["title", "body"]
    success_url = reverse_lazy("note_list")


class NoteDeleteView(DeleteView):
    model = Note
    success_url = reverse_lazy("note_list")
"""
API_VIEWS = b"""\
from django.contrib.auth.models import User
from rest_framework import generics, serializers, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated

from .models import Note


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Note
        fields = ("id", "title", "body")


class RegisterView(generics.CreateAPIView):
    queryset = User.objects.all()
    permission_classes = (AllowAny,)


class NoteViewSet(viewsets.ModelViewSet):
    serializer_class = NoteSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return Note.objects.filter(owner=self.request.user)

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)
"""
SETTINGS = b"""\
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
"""


def _security(sources: dict[str, bytes]) -> SkillArea:
    analyses = analyze_sources({"notes/models.py": MODELS, **sources})
    return assess(Scan(list(analyses), [], [], sorted(sources)))["security"]


def _evidence(area: SkillArea) -> list[tuple[str, str]]:
    return [(e.cite(), e.note) for e in area.best_practice.evidence]


def test_function_views_all_behind_login_required_are_the_best_practice() -> None:
    """Sign-up changes data with no credentials, by design; every other view that changes data
    is behind ``@login_required``."""
    security = _security({"notes/views.py": FUNCTION_VIEWS})

    assert security.best_practice.rubric == "security.best_practice.good"
    assert _evidence(security)[0] == (
        "notes/views.py:24",
        "django-view note_create (login_required)",
    )

    opened = _security(
        {"notes/views.py": FUNCTION_VIEWS.replace(b"@login_required\ndef note_d", b"def note_d")}
    )
    assert opened.best_practice.rubric == "security.best_practice.partial"
    assert ("notes/views.py:34", "unguarded-view note_delete") in _evidence(opened)


def test_an_open_delete_view_beside_guarded_class_based_views_is_named() -> None:
    security = _security({"notes/views.py": CLASS_VIEWS})

    assert security.best_practice.rubric == "security.best_practice.partial"
    assert _evidence(security) == [
        ("notes/views.py:15", "django-view NoteCreateView (LoginRequiredMixin)"),
        ("notes/views.py:31", "unguarded-view NoteDeleteView"),
    ]

    urls = b"""\
from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views

urlpatterns = [
    path("", views.NoteListView.as_view(), name="note_list"),
    path("<int:pk>/delete/", login_required(views.NoteDeleteView.as_view()), name="note_delete"),
]
"""
    # Wrapped in the URLconf, the view is as guarded as under the mixin.
    wrapped = _security({"notes/views.py": CLASS_VIEWS, "notes/urls.py": urls})
    assert wrapped.best_practice.rubric == "security.best_practice.good"

    guarded = CLASS_VIEWS.replace(
        b"NoteDeleteView(DeleteView)", b"NoteDeleteView(LoginRequiredMixin, DeleteView)"
    )
    assert _security({"notes/views.py": guarded}).best_practice.rubric == (
        "security.best_practice.good"
    )


def test_a_viewset_with_permission_classes_guards_the_api() -> None:
    """``RegisterView`` lets anyone in (``AllowAny``), as sign-up must; the notes need a user."""
    security = _security({"notes/api.py": API_VIEWS})

    assert security.best_practice.rubric == "security.best_practice.good"
    assert ("notes/api.py:19", "django-view NoteViewSet (IsAuthenticated)") in _evidence(security)


def test_default_permission_classes_in_the_settings_guard_every_api_view() -> None:
    """Views that set no ``permission_classes`` get the settings' ``IsAuthenticated``; one that
    sets ``AllowAny`` is open again."""
    api = API_VIEWS.replace(b"    permission_classes = [IsAuthenticated]\n", b"")
    security = _security({"notes/api.py": api, "config/settings.py": SETTINGS})

    assert security.best_practice.rubric == "security.best_practice.good"
    assert ("notes/api.py:19", "django-view NoteViewSet (DEFAULT_PERMISSION_CLASSES)") in (
        _evidence(security)
    )

    without = _security({"notes/api.py": api})
    assert without.best_practice.rubric != "security.best_practice.good"

    opened = api.replace(
        b"    serializer_class = NoteSerializer\n",
        b"    serializer_class = NoteSerializer\n    permission_classes = [AllowAny]\n",
    )
    security = _security({"notes/api.py": opened, "config/settings.py": SETTINGS})
    assert security.best_practice.rubric == "security.best_practice.partial"
    assert ("notes/api.py:19", "unguarded-view NoteViewSet") in _evidence(security)


def test_allow_any_is_not_cited_as_authentication() -> None:
    """A viewset open to anyone (``permission_classes = [AllowAny]``) was the app's
    "authentication permission_classes" in the practice and best-practice cells."""
    api = API_VIEWS.replace(
        b"permission_classes = [IsAuthenticated]", b"permission_classes = [AllowAny]"
    )
    security = _security({"notes/api.py": api})

    cited = [e.note for cell in (security.practice, security.best_practice) for e in cell.evidence]
    assert not any(note.startswith("auth ") for note in cited)
    assert security.best_practice.rubric == "security.best_practice.unseen"


USER_VIEWS = b"""\
from django.contrib.auth.models import User
from rest_framework import serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "username", "password")


class UserList(APIView):
    \"\"\"Create a new user.\"\"\"

    permission_classes = (AllowAny,)

    def post(self, request, format=None):
        serializer = UserSerializer(data=request.data)
        if serializer.is_valid():
            serializer.save()
            return Response(serializer.data, status=status.HTTP_201_CREATED)
        return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
"""


def test_a_view_that_only_makes_users_is_sign_up() -> None:
    """REST framework's tutorial ``UserList``, open to ``post`` a new user, is a sign-up as
    Flask's ``POST /users`` is; a viewset that lets anyone change or delete users is not."""
    sources = {"notes/api.py": API_VIEWS, "accounts/api.py": USER_VIEWS}
    assert _security(sources).best_practice.rubric == "security.best_practice.good"

    everything = USER_VIEWS + (
        b"\n\nclass UserViewSet(viewsets.ModelViewSet):\n"
        b"    queryset = User.objects.all()\n"
        b"    serializer_class = UserSerializer\n"
        b"    permission_classes = [AllowAny]\n"
    )
    security = _security({"notes/api.py": API_VIEWS, "accounts/api.py": everything})
    assert security.best_practice.rubric == "security.best_practice.partial"
    assert _evidence(security)[1:] == [("accounts/api.py:27", "unguarded-view UserViewSet")]


def test_login_required_middleware_guards_every_view_not_opted_out() -> None:
    """Django 5.1's ``LoginRequiredMiddleware`` needs a user on every view; one marked
    ``login_not_required`` is open again."""
    settings = b"""\
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]
"""
    security = _security({"notes/views.py": CLASS_VIEWS, "config/settings.py": settings})
    assert security.best_practice.rubric == "security.best_practice.good"
    assert ("config/settings.py:4", "auth LoginRequiredMiddleware") in _evidence(security)

    opted_out = CLASS_VIEWS.replace(
        b"from django.urls import reverse_lazy\n",
        b"from django.contrib.auth.decorators import login_not_required\n"
        b"from django.urls import reverse_lazy\n"
        b"from django.utils.decorators import method_decorator\n",
    ).replace(
        b"class NoteDeleteView(DeleteView):",
        b'@method_decorator(login_not_required, name="dispatch")\n'
        b"class NoteDeleteView(DeleteView):",
    )
    security = _security({"notes/views.py": opted_out, "config/settings.py": settings})
    assert security.best_practice.rubric == "security.best_practice.partial"
    assert ("notes/views.py:34", "unguarded-view NoteDeleteView") in _evidence(security)


POSITIVE_CHECK = b"""\
from django.shortcuts import get_object_or_404, redirect, render

from .models import Note


def login_page(request):
    if request.user.is_authenticated:
        return redirect("note_list")
    return render(request, "login.html")


def edit_note(request, pk):
    if request.user.is_authenticated:
        note = get_object_or_404(Note, pk=pk, owner=request.user)
        note.title = request.POST["title"]
        note.save()
        return redirect("note_list")
    else:
        return redirect("auth:login")
"""
OWN_MIXIN = b"""\
from django.contrib.auth.mixins import UserPassesTestMixin


class UserIsTaskAuthorTestMixin(UserPassesTestMixin):
    def test_func(self):
        return self.get_object().owner == self.request.user
"""
BASE_VIEW = b"""\
from django.views.generic import CreateView

from .models import Note


class NoteBaseCreateView(CreateView):
    model = Note
    fields = ["title"]
"""
MIXIN_VIEWS = b"""\
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import View
from django.views.generic.detail import SingleObjectMixin

from .base_views import NoteBaseCreateView
from .mixins import UserIsTaskAuthorTestMixin
from .models import Note


class NoteCreateView(LoginRequiredMixin, NoteBaseCreateView):
    pass


class NoteDoneView(UserIsTaskAuthorTestMixin, SingleObjectMixin, View):
    model = Note

    def post(self, request, *args, **kwargs):
        note = self.get_object()
        note.done = True
        note.save()
"""


def test_a_view_that_does_its_work_only_for_the_signed_in_is_guarded() -> None:
    """``if request.user.is_authenticated: ... else: return redirect("auth:login")`` was an
    open view; a login page's check turns no one away (blind check d3)."""
    security = _security({"notes/views.py": POSITIVE_CHECK})

    assert security.best_practice.rubric == "security.best_practice.good"
    assert _evidence(security) == [
        ("notes/views.py:12", "django-view edit_note (is_authenticated)")
    ]


def test_the_projects_own_guarding_mixin_guards_and_a_base_view_is_no_open_view() -> None:
    """A view on the learner's ``UserPassesTestMixin`` subclass, in another module, and the
    base view the guarded one derives from, in another module too, were both named open
    (blind check d3)."""
    views = {"notes/mixins.py": OWN_MIXIN, "notes/base_views.py": BASE_VIEW}
    security = _security({**views, "notes/views.py": MIXIN_VIEWS})

    assert security.best_practice.rubric == "security.best_practice.good"
    assert not [note for _, note in _evidence(security) if note.startswith("unguarded")]


def test_an_open_view_is_named_among_what_to_improve() -> None:
    """The open view was in the JSON only: the log named it nowhere (blind check d3)."""
    opened = FUNCTION_VIEWS.replace(b"@login_required\ndef note_d", b"def note_d")
    sources = {"notes/models.py": MODELS, "notes/views.py": opened}
    analyses = analyze_sources(sources)
    skills = assess_skills(analyses, [], [], sorted(sources), [])
    plan = make_plan(skills, [], analyses, [], sorted(sources), load_curriculum())

    assert any(
        "this view changes data with no auth" in item.en and "notes/views.py:34" in item.en
        for item in plan.improvements
    )
