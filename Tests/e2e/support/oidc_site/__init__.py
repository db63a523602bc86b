"""A real OpenID Connect provider for the single sign-on journeys: django-oidc-provider in a small Django site.

It behaves as a provider does, with users the harness makes. A few users stand for a provider that misbehaves or an
attacker in the middle (see `hooks.py`): their tokens are the provider's own, signed by its key, with a claim made
wrong (audience, expiry), or altered after signing, or an earlier sign-in's token sent again."""
