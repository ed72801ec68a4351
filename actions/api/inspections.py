"""API v1: authorities, inspections and findings for anyone; letter import for admins.

Anonymous clients read published inspections only, as the public pages show them; signed-in
staff also read their own authorities' unpublished drafts (Inspection.objects.for_user).
Another authority's draft is 404, as if it did not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import django_filters
from django.core import signing
from django.db.models import F, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from actions import progress as action_progress
from actions import selectors
from actions.api.inspection_serializers import (
    AuthoritySerializer,
    DuplicateLetterSerializer,
    FindingSerializer,
    InspectionDetailSerializer,
    InspectionSerializer,
    LetterImportSerializer,
    LetterPreviewSerializer,
    LetterSourceSerializer,
    LetterUploadSerializer,
)
from actions.importing import flow, letters
from actions.importing.drafts import data_of_draft, draft_from_data
from actions.importing.flow import AlreadyStaged, DuplicateLetter, InvalidDraft, NotPending
from actions.models import ActionItem
from actions.plumbing.api import (
    Conflict,
    ErrorSerializer,
    IdFilter,
    LimitedJSONParser,
    LimitedMultiPartParser,
    SortFilter,
    UnfilteredLookupMixin,
    created,
)
from actions.plumbing.api_schema import NO_NUL
from actions.plumbing.auth import signed_in_user
from inspections.models import (
    Finding,
    FindingKind,
    FindingTheme,
    Grade,
    Inspection,
    InspectionKind,
    InspectionQuerySet,
    Judgement,
    LocalAuthority,
)
from inspections.parsing import LetterError
from inspections.staging import StagedImport

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def readable_inspections(user: User | AnonymousUser) -> InspectionQuerySet:
    """Published inspections, and the unpublished ones of the user's own authorities."""
    return Inspection.objects.published() | Inspection.objects.for_user(user)


def readable_findings(user: User | AnonymousUser) -> QuerySet[Finding]:
    """The findings of the inspections the user may read."""
    return Finding.objects.filter(inspection__published=True) | Finding.objects.for_user(user)


def inspection_detail(request: Request, inspection: Inspection) -> dict:
    """An inspection with all its findings, as the public inspection page reads them."""
    findings = list(selectors.public_findings(inspection))
    inspection.public_findings = findings  # type: ignore[attr-defined]  # read by the serializer
    actions = (a for f in findings for a in f.public_actions)  # type: ignore[attr-defined]
    inspection.progress = action_progress.progress_of(  # type: ignore[attr-defined]
        actions, timezone.localdate()
    )
    return InspectionDetailSerializer(inspection, context={"request": request}).data


# Authorities -----------------------------------------------------------------------------


class AuthorityFilter(django_filters.FilterSet):
    slug = django_filters.CharFilter()

    class Meta:
        model = LocalAuthority
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "slug", str, description="The authority with this slug, e.g. wigan.", pattern=NO_NUL
            ),
        ]
    )
)
@extend_schema(tags=["authorities"])
class AuthorityViewSet(UnfilteredLookupMixin, viewsets.ReadOnlyModelViewSet):
    """England's local authorities, A to Z."""

    permission_classes = [permissions.AllowAny]
    serializer_class = AuthoritySerializer
    filterset_class = AuthorityFilter
    queryset = LocalAuthority.objects.order_by("name", "pk")


# Inspections -----------------------------------------------------------------------------


class InspectionFilter(django_filters.FilterSet):
    authority = IdFilter(field_name="authority_id")
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices)
    overall_judgement = django_filters.ChoiceFilter(choices=Grade.choices)
    published = django_filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true"
    )
    sort = SortFilter(
        sorts={
            "date": F("inspected_on"),
            "published_date": F("published_date"),
            "authority": F("authority__name"),
        },
        default="-date",
        help_text="`date` is the visit's first day, else the letter's or publication date. "
        "Newest first unless asked otherwise.",
    )

    class Meta:
        model = Inspection
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "published",
                str,
                enum=["true", "false"],
                description="Staff only: false lists your authorities' unpublished drafts.",
            )
        ]
    )
)
@extend_schema(tags=["inspections"])
class InspectionViewSet(UnfilteredLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Inspections with their judgements, progress and (one at a time) findings."""

    permission_classes = [permissions.AllowAny]
    filterset_class = InspectionFilter

    def get_queryset(self) -> QuerySet[Inspection]:
        return (
            readable_inspections(self.request.user)
            .with_date()
            .select_related("authority")
            .defer("source_text")
            .prefetch_related(Prefetch("judgements", queryset=Judgement.objects.all()))
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return InspectionDetailSerializer if self.action == "retrieve" else InspectionSerializer

    def list(self, request: Request) -> Response:
        # Every list is paginated (REST_FRAMEWORK settings).
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        progress = action_progress.progress_by_inspection(
            [i.pk for i in page], timezone.localdate()
        )
        for inspection in page:
            inspection.progress = progress.get(  # type: ignore[attr-defined]  # for the serializer
                inspection.pk, action_progress.Progress()
            )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(inspection_detail(request, self.get_object()))


# Findings --------------------------------------------------------------------------------


class FindingFilter(django_filters.FilterSet):
    inspection = IdFilter(field_name="inspection_id")
    authority = IdFilter(field_name="inspection__authority_id")
    kind = django_filters.ChoiceFilter(choices=FindingKind.choices)

    class Meta:
        model = Finding
        fields: list[str] = []


@extend_schema(tags=["inspections"])
class FindingViewSet(UnfilteredLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Findings in the letter's order, with their themes and their actions' public state."""

    permission_classes = [permissions.AllowAny]
    serializer_class = FindingSerializer
    filterset_class = FindingFilter

    def get_queryset(self) -> QuerySet[Finding]:
        # The same prefetches as the public inspection page (selectors.public_findings).
        actions = ActionItem.objects.only(*selectors.PUBLIC_ACTION_FIELDS).order_by(
            "due_date", "pk"
        )
        tags = FindingTheme.objects.applied().select_related("theme").order_by("theme__position")
        return (
            readable_findings(self.request.user)
            .order_by("-inspection_id", "position")
            .prefetch_related(
                Prefetch("actions", queryset=actions, to_attr="public_actions"),
                Prefetch("theme_tags", queryset=tags, to_attr="applied_tags"),
            )
        )


# Letter import ---------------------------------------------------------------------------


class CanImportLetters(permissions.BasePermission):
    """The permission the admin's import pages ask for."""

    message = "Only an administrator who may add inspections can import letters."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.user.has_perm("inspections.add_inspection")


# A preview's token names the StagedImport the import flow staged the letter as, the same
# as the admin's preview, signed so that a client confirms only what it was shown, within
# a day. The token is a reference to the staged letter, not a second place to keep it.
TOKEN_SALT = "actions.api.inspections.letter-import"
TOKEN_MAX_AGE = 60 * 60 * 24


def _token(staged: StagedImport) -> str:
    return signing.dumps(staged.pk, salt=TOKEN_SALT)


def _staged(token: str) -> StagedImport:
    """The letter a token stands for; 400 if the token was not made here or is too old."""
    try:
        pk = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        return StagedImport.objects.select_related("inspection").get(pk=pk)
    except (signing.BadSignature, StagedImport.DoesNotExist, ValueError, TypeError):
        raise serializers.ValidationError(
            {"token": ["The preview has expired or is not valid. Read the letter again."]}
        ) from None


def _not_pending(staged: StagedImport, request: Request) -> Exception:
    """Why a staged letter cannot be confirmed: imported (a conflict) or discarded."""
    if staged.inspection is not None:
        return _duplicate(staged.inspection, request)
    return serializers.ValidationError(
        {"token": ["This letter was discarded from the review queue. Read it again."]}
    )


def _duplicate(existing: Inspection, request: Request) -> Conflict:
    url = request.build_absolute_uri(reverse("api:inspection-detail", args=[existing.pk]))
    return Conflict(
        f"This letter has already been imported as “{existing}”.",
        code="duplicate",
        existing={"id": existing.pk, "url": url},
    )


@extend_schema(
    tags=["letter import"],
    request={
        "application/json": LetterSourceSerializer,
        "multipart/form-data": LetterUploadSerializer,
    },
    responses={
        200: LetterPreviewSerializer,
        409: DuplicateLetterSerializer,
        413: ErrorSerializer,
    },
)
class LetterPreviewView(APIView):
    """Read a letter (a PDF or .txt `document`, or its `text`) and answer what the parser
    found, to check and correct before importing it. Nothing is saved yet."""

    permission_classes = [permissions.IsAuthenticated, CanImportLetters]
    parser_classes = [LimitedJSONParser, LimitedMultiPartParser]

    def post(self, request: Request) -> Response:
        source = (
            LetterUploadSerializer
            if request.content_type.startswith("multipart/")
            else LetterSourceSerializer
        )(data=request.data)
        source.is_valid(raise_exception=True)
        upload = source.validated_data["document"]
        try:
            staged = flow.stage(
                data=letters.read_upload(upload) if upload else None,
                filename=upload.name if upload else "pasted.txt",
                pasted=source.validated_data["text"],
                by=signed_in_user(request),
            )
        except LetterError as error:
            field = "document" if upload else "text"
            raise serializers.ValidationError({field: [str(error)]}) from None
        except DuplicateLetter as duplicate:
            raise _duplicate(duplicate.existing, request) from None
        except AlreadyStaged as waiting:
            # A letter read before and not yet confirmed keeps its one place in the queue.
            staged = flow.reopen(waiting.staged)
        preview = {
            "token": _token(staged.staged),
            "authority_matched": staged.draft.authority is not None,
            "warnings": staged.letter.warnings,
            "action_count": staged.draft.action_count,
            "draft": data_of_draft(staged.draft),
        }
        return Response(LetterPreviewSerializer(preview).data)


@extend_schema(
    tags=["letter import"],
    request=LetterImportSerializer,
    responses={201: InspectionDetailSerializer, 409: DuplicateLetterSerializer},
)
class LetterImportView(APIView):
    """Create the inspection from a preview's token and its checked draft: its judgements,
    findings and a draft action for every actionable finding, all or nothing."""

    permission_classes = [permissions.IsAuthenticated, CanImportLetters]

    def post(self, request: Request) -> Response:
        confirmed = LetterImportSerializer(data=request.data)
        confirmed.is_valid(raise_exception=True)
        staged = _staged(confirmed.validated_data["token"])
        draft = confirmed.validated_data["draft"]
        try:
            inspection = flow.confirm(
                staged,
                draft_from_data(draft, draft["judgements"], draft["findings"]),
                published=confirmed.validated_data["publish"],
                publish_anyway=confirmed.validated_data["publish_anyway"],
                by=signed_in_user(request),
            )
        except InvalidDraft as refused:
            rows = [
                {"area": [refused.judgements[position]]} if position in refused.judgements else {}
                for position in range(len(draft["judgements"]))
            ]
            raise serializers.ValidationError({"draft": {"judgements": rows}}) from None
        except DuplicateLetter as duplicate:
            raise _duplicate(duplicate.existing, request) from None
        except NotPending as gone:
            raise _not_pending(gone.staged, request) from None
        location = reverse("api:inspection-detail", args=[inspection.pk])
        return created(
            inspection_detail(request, inspection), request.build_absolute_uri(location)
        )
