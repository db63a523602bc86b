from django.contrib.auth.views import LoginView
from django.urls import include, path, re_path

from . import hooks

urlpatterns = [
    path("accounts/login/", LoginView.as_view(template_name="login.html"), name="login"),
    # The token endpoint, through the harness's misbehaving users (see hooks.token); everything else as published.
    re_path(r"^openid/token/?$", hooks.token),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
]
