"""API about the caller: who they are and what they may see."""

from django.http import HttpRequest
from ninja import Router, Schema

from outpost.accounts.scope import SIGNED_IN, scope_of, scope_rule
from outpost.core.api import actor_of

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    role: str
    can_write: bool
    sees_everything: bool
    force_unit_ids: list[int]
    commune_ids: list[int]


@router.get("/me", response=MeOut)
@scope_rule(SIGNED_IN)
def me(request: HttpRequest) -> MeOut:
    user = actor_of(request)
    scope = scope_of(request)
    return MeOut(
        id=user.pk,
        username=user.username,
        full_name=user.get_full_name(),
        role=user.role,
        can_write=scope.can_write,
        sees_everything=scope.everything,
        force_unit_ids=sorted(scope.force_unit_ids),
        commune_ids=sorted(scope.commune_ids),
    )
