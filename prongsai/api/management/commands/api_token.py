"""`prongsai api_token create|list|revoke`: manage REST API tokens from the command line."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.agencies.models import Agency
from prongsai.api.models import ApiToken
from prongsai.api.tokens import TokenError, create_token, revoke_token


class Command(BaseCommand):
    help = "Create, list or revoke REST API tokens (one per user and agency; only the hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("--user", required=True)
        create.add_argument("--agency", required=True, help="agency slug")
        create.add_argument("--name", default="API", help="what will use it")
        listing = sub.add_parser("list", help="list an agency's tokens")
        listing.add_argument("--agency", required=True)
        revoke = sub.add_parser("revoke", help="revoke a token by its first characters")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
            try:
                new = create_token(user, self._agency(options["agency"]), options["name"])
            except TokenError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(new.plain)
        elif options["action"] == "list":
            for token in ApiToken.objects.filter(agency=self._agency(options["agency"])).select_related("user"):
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.prefix}…  {token.user.username:<15} {state:<8} {token.name}")
        else:
            matches = list(ApiToken.objects.filter(prefix__startswith=options["prefix"], revoked_at__isnull=True))
            if len(matches) != 1:
                raise CommandError(
                    f"{len(matches)} active tokens start with {options['prefix']!r}; give more characters"
                )
            revoke_token(matches[0])
            self.stdout.write(f"revoked {matches[0]}")

    def _agency(self, slug: str) -> Agency:
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            raise CommandError(f"no agency {slug!r}")
        return agency
