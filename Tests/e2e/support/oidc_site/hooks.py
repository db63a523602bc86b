"""What the test provider adds to django-oidc-provider: the claims of its users, `amr` for those who gave a second
factor, and the harness's misbehaving users. Users belong to Django groups that say what is special about them:

- `mfa`: the provider asked them for a second factor; their ID token says `amr: ["pwd", "mfa"]`.
- `unverified`: their email address is not confirmed (`email_verified: false`).
- `wrong-audience`: their ID token names another client as its audience (signed by the provider).
- `expired`: their ID token expired an hour ago (signed by the provider).
- `bad-signature`: their ID token is altered after signing (a byte of the signature changed).
- `replay`: every token response after their first carries the first ID token again (its old nonce).
"""

import base64
import json
import time

from django.contrib.auth import get_user_model
from django.views.decorators.csrf import csrf_exempt
from oidc_provider.views import TokenView

_token_view = csrf_exempt(TokenView.as_view())
_first_token_of = {}


def _groups(user):
    return set(user.groups.values_list("name", flat=True))


def userinfo(claims, user):
    claims["name"] = user.get_full_name() or user.username
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    claims["email_verified"] = "unverified" not in _groups(user)
    return claims


def id_token_hook(id_token, user, token=None, request=None, **kwargs):
    groups = _groups(user)
    id_token["amr"] = ["pwd", "mfa"] if "mfa" in groups else ["pwd"]
    if "wrong-audience" in groups:
        id_token["aud"] = "another-service"
    if "expired" in groups:
        now = int(time.time())
        id_token["iat"] = now - 7200
        id_token["exp"] = now - 3600
    return id_token


def _payload(jwt):
    part = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _altered(jwt):
    header, payload, signature = jwt.split(".")
    middle = len(signature) // 2
    swapped = "A" if signature[middle] != "A" else "B"
    return ".".join([header, payload, signature[:middle] + swapped + signature[middle + 1 :]])


@csrf_exempt
def token(request):
    response = _token_view(request)
    if response.status_code != 200:
        return response
    body = json.loads(response.content)
    id_token = body.get("id_token")
    if not id_token:
        return response
    user = get_user_model().objects.get(pk=int(_payload(id_token)["sub"]))
    groups = _groups(user)
    if "bad-signature" in groups:
        body["id_token"] = _altered(id_token)
    if "replay" in groups:
        body["id_token"] = _first_token_of.setdefault(user.pk, id_token)
    response.content = json.dumps(body).encode()
    response["Content-Length"] = str(len(response.content))
    return response
