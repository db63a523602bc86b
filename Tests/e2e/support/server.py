"""A real `cairn serve` for the journeys: fresh data dir, demo data, free port, stopped by its PID."""

from __future__ import annotations

import atexit
import email
import email.policy
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from .paths import BUILD_DIR, REPO_ROOT


def cairn_binary() -> Path:
    """`CAIRN_BIN` (relative paths are taken from the repository root), default `.build/debug/cairn`."""
    path = Path(os.environ.get("CAIRN_BIN") or ".build/debug/cairn")
    if not path.is_absolute():
        path = REPO_ROOT / path
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url: str, headers: dict[str, str] | None = None, timeout: float = 5.0):
    """(status, headers, body) without raising on 4xx/5xx and without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    authenticator_key: str | None  # TOTP secret, for roles that must use two-step sign-in


@dataclass
class CairnServer:
    binary: Path
    data_dir: Path
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    demo_output: str = ""
    # Settings for a journey that needs its own server (a short idle time-out, say).
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def environment(self) -> dict[str, str]:
        """A clean environment, as the Swift process tests use: nothing leaks in from the caller's shell."""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "CAIRN_ENV": "development",
            "CAIRN_HOST": "127.0.0.1",
            "CAIRN_PORT": str(self.port),
            "CAIRN_DATA_DIR": str(self.data_dir),
            "CAIRN_RESOURCES_DIR": os.environ.get("CAIRN_E2E_RESOURCES_DIR") or str(REPO_ROOT),
            "CAIRN_LOG_LEVEL": os.environ.get("CAIRN_E2E_LOG_LEVEL", "info"),
        }
        # SQLite in the fresh data dir unless told otherwise (the database must be empty for `cairn demo`).
        if os.environ.get("CAIRN_E2E_DATABASE_URL"):
            env["DATABASE_URL"] = os.environ["CAIRN_E2E_DATABASE_URL"]
        env.update(self.extra_env)
        return env

    def run_demo(self) -> None:
        result = subprocess.run(
            [str(self.binary), "demo"], env=self.environment(), capture_output=True, text=True, timeout=120
        )
        self.demo_output = result.stdout
        if result.returncode != 0:
            raise RuntimeError(
                f"`cairn demo` failed with status {result.returncode}:\n{result.stdout}\n{result.stderr}"
            )

    def start(self, timeout: float = 60.0) -> None:
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [str(self.binary), "serve"],
            env=self.environment(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C in the terminal reaches pytest, which then stops us by PID
        )
        log.close()
        atexit.register(self.stop)  # belt and braces: the fixture's finally is the normal path
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"`cairn serve` exited with status {self.process.returncode} before it was ready;"
                    f" its log:\n{self.log_tail()}"
                )
            try:
                status, _, _ = http_get(self.url("/readyz"), timeout=1.0)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"`cairn serve` was not ready within {timeout:.0f}s; its log:\n{self.log_tail()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)  # by PID; cairn finishes requests in flight and exits
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def demo_accounts(self) -> dict[str, DemoAccount]:
        """The accounts `cairn demo` printed, by role as printed ("Clinician", "Case manager", …)."""
        password = re.search(r'password for all: "([^"]+)"', self.demo_output)
        accounts = {}
        for line in self.demo_output.splitlines():
            found = re.match(r"\s+(\S.*?)\s{2,}(\S+@\S+)(?:\s+authenticator key (\S+))?\s*$", line)
            if found and password:
                role, address, key = found.groups()
                accounts[role] = DemoAccount(role, address, password.group(1), key)
        return accounts

    def outbox(self) -> list[EmailMessage]:
        """Every `.eml` in the data dir's file outbox, oldest first (for registration and verification)."""
        files = sorted(self.data_dir.rglob("*.eml"), key=lambda p: (p.stat().st_mtime, p.name))
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in files]


def start_server(
    extra_env: dict[str, str] | None = None, log_name: str = "cairn-serve.log", port: int | None = None
) -> CairnServer:
    binary = cairn_binary()
    if not os.access(binary, os.X_OK):
        raise RuntimeError(
            f"no cairn executable at {binary}: build it (swift build) or set CAIRN_BIN to the binary to test"
        )
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="cairn-e2e-"))
    server = CairnServer(
        binary=binary, data_dir=data_dir, log_path=BUILD_DIR / log_name, extra_env=dict(extra_env or {})
    )
    if port is not None:  # a port chosen beforehand (a provider must know Cairn's address before it starts)
        server.port = port
    try:
        server.run_demo()
        server.start()
    except BaseException:
        server.stop()
        raise
    return server


def remove_data_dir(server: CairnServer) -> None:
    if os.environ.get("CAIRN_E2E_KEEP_DATA"):
        print(f"\nkept the e2e data dir: {server.data_dir}")
    else:
        shutil.rmtree(server.data_dir, ignore_errors=True)
