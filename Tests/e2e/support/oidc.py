"""The real OpenID provider the single sign-on journeys use: `oidc_site` (django-oidc-provider) under Django's own
server, on a free port, with a fresh database; stopped by its PID."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .paths import BUILD_DIR
from .server import free_port, http_get

HERE = Path(__file__).resolve().parent


@dataclass
class OIDCProvider:
    port: int = field(default_factory=free_port)
    client_id: str = "cairn"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    password: str = "provider pass phrase 1"
    process: subprocess.Popen | None = None
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cairn-oidc-")))

    # "localhost", not Cairn's 127.0.0.1: a browser keeps the two sites' cookies apart, as it would two real ones.
    @property
    def issuer(self) -> str:
        return f"http://localhost:{self.port}/openid"

    def url(self, path: str) -> str:
        return f"http://localhost:{self.port}{path}"

    def environment(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "PYTHONPATH": str(HERE),
            "DJANGO_SETTINGS_MODULE": "oidc_site.settings",
            "OIDC_SITE_SECRET_KEY": secrets.token_urlsafe(32),
            "OIDC_SITE_DATABASE": str(self.workdir / "provider.sqlite3"),
            "OIDC_SITE_URL": f"http://localhost:{self.port}",
        }

    def cairn_settings(self) -> dict[str, str]:
        """What Cairn is started with to use this provider."""
        return {
            "CAIRN_OIDC_ISSUER": self.issuer,
            "CAIRN_OIDC_CLIENT_ID": self.client_id,
            "CAIRN_OIDC_CLIENT_SECRET": self.client_secret,
            "CAIRN_OIDC_NAME": "NHSmail (test provider)",
        }

    def start(self, cairn_base_url: str, users: list[dict], timeout: float = 60.0) -> None:
        env = self.environment()
        spec = {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "redirect_uri": cairn_base_url + "/sign-in/single-sign-on/callback",
            "post_logout_redirect_uri": cairn_base_url + "/sign-in?notice=signed-out",
            "password": self.password,
            "users": users,
        }
        prepared = subprocess.run(
            [sys.executable, "-m", "oidc_site.prepare", json.dumps(spec)],
            env=env, capture_output=True, text=True, timeout=120,
        )
        if prepared.returncode != 0:
            raise RuntimeError(f"the test provider could not be set up:\n{prepared.stdout}\n{prepared.stderr}")
        BUILD_DIR.mkdir(parents=True, exist_ok=True)
        log = open(BUILD_DIR / "oidc-provider.log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the test provider exited with status {self.process.returncode}")
            try:
                status, _, _ = http_get(self.issuer + "/.well-known/openid-configuration", timeout=1.0)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the test provider was not ready within {timeout:.0f}s")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
