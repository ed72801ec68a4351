"""Which rows the admin shows each person: the one place the admin decides access.

The admin serves the service's own administrators (superusers, who see every authority)
and councils' staff, who are given model permissions and administer only the authorities
where they are a manager or an administrator. Every ModelAdmin whose rows belong to an
authority is an AuthorityScopedAdmin naming the path from its rows to their authority; the
others are open to superusers only (SuperusersOnlyAdmin). Writes still go through the
services, which check the role again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, Q, QuerySet
from django.db.models.fields.related import ForeignKey
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse

from inspections.permissions import MANAGER, authority_ids_with_role

# The lowest role that administers an authority's data in the admin, as in the workspace.
ADMINISTERS = MANAGER


def administered_authority_ids(request: HttpRequest) -> list[int] | None:
    """The authorities the signed-in person administers; None means every one."""
    return authority_ids_with_role(request.user, ADMINISTERS)


def limit_to_authorities(request: HttpRequest, queryset: QuerySet, authority_path: str) -> QuerySet:
    """The rows, reached from their authority by `authority_path`, the person administers."""
    authority_ids = administered_authority_ids(request)
    if authority_ids is None:
        return queryset
    return queryset.filter(**{f"{authority_path}__in": authority_ids})


class AuthorityScopedAdmin(admin.ModelAdmin):
    """Lists, pages, history, choices and autocompletes limited to the rows of the
    authorities the person administers. A row outside them is answered as if it did not
    exist."""

    # The path from a row to its authority ("finding__inspection__authority"); "pk" for
    # the authorities themselves. An admin whose rows need more than a path overrides scope.
    authority_path: str

    def scope(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return limit_to_authorities(request, queryset, self.authority_path)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.scope(request, super().get_queryset(request))

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        """A row can be attached only to rows the person may see: the choices are the
        related model's admin's own scope."""
        related = self.admin_site._registry.get(db_field.related_model)
        if isinstance(related, AuthorityScopedAdmin) and "queryset" not in kwargs:
            ordered = self.get_field_queryset(kwargs.get("using"), db_field, request)
            if ordered is None:
                ordered = db_field.related_model._default_manager.all()
            kwargs["queryset"] = related.scope(request, ordered)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def refuse_unless_in_scope(self, request: HttpRequest, object_id: str) -> None:
        """Pages that do not go through get_object (simple_history's) check here."""
        model_field = self.model._meta.pk
        try:
            pk = model_field.to_python(object_id)
        except Exception as not_a_key:
            raise Http404 from not_a_key
        if not self.get_queryset(request).filter(pk=pk).exists():
            raise Http404

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # simple_history falls back to the history of a row get_queryset does not give.
        self.refuse_unless_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """An older version of a row (simple_history's page; only on its admins)."""
        self.refuse_unless_in_scope(request, object_id)
        return super().history_form_view(  # type: ignore[misc]  # from SimpleHistoryAdmin
            request, object_id, version_id, extra_context
        )


class SuperusersOnlyAdmin(admin.ModelAdmin):
    """Models that are no one authority's (people, memberships, sign-in records): only the
    service's administrators see or change them, whatever permissions a person holds."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_module_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_module_permission(request) and super().has_delete_permission(request, obj)


def restrict_to_superusers(*models: type[Model]) -> None:
    """Register again, for superusers only, models that other apps registered."""
    for model in models:
        registered = type(admin.site._registry[model])
        admin.site.unregister(model)
        restricted = type(registered.__name__, (SuperusersOnlyAdmin, registered), {})
        admin.site.register(model, restricted)


def staged_imports(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    """Letters waiting for review that the person may check: those of the authorities they
    administer (as chosen when read, or as imported) and those they uploaded that are no
    authority's yet. Letters the bulk command read for no chosen authority are the
    service's to review."""
    authority_ids = administered_authority_ids(request)
    if authority_ids is None:
        return queryset
    return queryset.filter(
        Q(authority_id__in=authority_ids)
        | Q(inspection__authority_id__in=authority_ids)
        | Q(created_by_id=request.user.pk, authority=None, inspection=None)
    )


def import_batches(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    """Bulk imports the person may follow: their own (superusers: all)."""
    if administered_authority_ids(request) is None:
        return queryset
    return queryset.filter(created_by_id=request.user.pk)
