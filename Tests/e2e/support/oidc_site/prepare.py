"""Sets up the test provider's database: its signing key, Cairn as a client, and the users the journeys sign in as.

    python -m oidc_site.prepare '{"client_id": …, "client_secret": …, "redirect_uri": …, "post_logout_redirect_uri": …,
                                  "password": …, "users": [{"username": …, "email": …, "name": …, "groups": […]}]}'
"""

import json
import sys

import django


def main(spec):
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0, interactive=False)
    call_command("creatersakey")
    client = Client.objects.create(
        name="Cairn",
        client_type="confidential",
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        jwt_alg="RS256",
        require_consent=False,
        _redirect_uris=spec["redirect_uri"],
        _post_logout_redirect_uris=spec["post_logout_redirect_uri"],
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    users = get_user_model()
    for entry in spec["users"]:
        first, _, last = entry["name"].partition(" ")
        user = users.objects.create_user(
            entry["username"], email=entry["email"], password=spec["password"], first_name=first, last_name=last
        )
        for name in entry.get("groups", []):
            user.groups.add(Group.objects.get_or_create(name=name)[0])


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
