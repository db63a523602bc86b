#!/usr/bin/env python3
"""The load benchmark's driver (issue #21 item 8), standard library only; scripts/load.sh starts the server.

Signs in as `cairn demo`'s accounts through the real forms (a TOTP code where the account has an authenticator
key), creates an API token through the account page, then runs wrk against each main page and API operation at 64
connections, and a mixed run at 200, sampling the server's resident memory throughout. Prints a Markdown table:
requests/s, p50, p99, errors (non-2xx/3xx answers, socket errors and time-outs) and peak RSS, with /healthz measured
in the same run as the ceiling."""

import argparse
import base64
import hashlib
import hmac
import html.parser
import http.cookiejar
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

REFERRAL = {
    "profession": "doctor", "grade": "gpst2", "qualificationCountry": "Nigeria",
    "reasons": ["international_graduate", "communication"], "ownWords": "Load benchmark referral.",
    "atRisk": "no", "consentToHold": True,
}


def totp(key: str, period: int = 30) -> str:
    raw = base64.b32decode(key.upper() + "=" * (-len(key) % 8))
    digest = hmac.new(raw, struct.pack(">Q", int(time.time() // period)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return str((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6).zfill(6)


class Forms(html.parser.HTMLParser):
    """Every form on a page: its action, method and the inputs it would send as they stand."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": {}})
        elif self.forms and tag in ("input", "textarea", "select") and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button"):
                return
            self.forms[-1]["fields"].setdefault(a["name"], a.get("value", ""))


class Client:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=30) as answer:
            return answer.geturl(), answer.read().decode()

    def submit(self, page: str, page_url: str, field: str, values: dict) -> tuple[str, str]:
        """Fills the form holding FIELD on PAGE with VALUES and sends it; the final URL and page."""
        parser = Forms()
        parser.feed(page)
        form = next((f for f in parser.forms if field in f["fields"]), None)
        if form is None:
            raise SystemExit(f"load: no form with the field {field!r} at {page_url}")
        fields = dict(form["fields"], **values)
        action = urllib.parse.urljoin(page_url, form["action"] or page_url)
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(urllib.request.Request(action, data=data, method="POST"), timeout=30) as answer:
            return answer.geturl(), answer.read().decode()

    def sign_in(self, email: str, password: str, key: str | None):
        url, page = self.get("/sign-in")
        url, page = self.submit(page, url, "email", {"email": email, "password": password})
        if 'name="code"' in page:
            if not key:
                raise SystemExit(f"load: {email} is asked for a security code but has no authenticator key")
            url, page = self.submit(page, url, "code", {"code": totp(key)})
        if "/sign-in" in urllib.parse.urlparse(url).path:
            raise SystemExit(f"load: signing in as {email} did not work (still at {url})")

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def create_token(self) -> str:
        url, page = self.get("/account/tokens")
        url, page = self.submit(page, url, "name", {"name": "load benchmark"})
        found = re.search(r'<code class="secret">([^<]+)</code>', page)
        if not found:
            raise SystemExit("load: no API token was shown after creating one")
        return found.group(1).strip()


def demo_accounts(text: str) -> dict:
    password = re.search(r'password for all: "([^"]+)"', text)
    accounts = {}
    for line in text.splitlines():
        found = re.match(r"\s+(\S.*?)\s{2,}(\S+@\S+)(?:\s+authenticator key (\S+))?\s*$", line)
        if found and password:
            role, email, key = found.groups()
            accounts[role] = (email, password.group(1), key)
    return accounts


class Memory(threading.Thread):
    """Samples the server's resident set every 100 ms: the peak over the whole run, and the peak since the last
    `start_run()` (the kernel's own high-water mark is reset then through /proc/PID/clear_refs where allowed, so a
    run's peak is its own, not an earlier run's)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.run_peak, self.running = pid, 0, 0, True
        self.lock = threading.Lock()

    def start_run(self) -> None:
        try:
            with open(f"/proc/{self.pid}/clear_refs", "w") as refs:
                refs.write("5")
        except OSError:
            pass
        with self.lock:
            self.run_peak = 0

    def end_run(self) -> int:
        self.sample()
        with self.lock:
            return self.run_peak

    def sample(self) -> bool:
        try:
            with open(f"/proc/{self.pid}/status") as status:
                for line in status:
                    if line.startswith(("VmRSS:", "VmHWM:")):
                        megabytes = int(line.split()[1]) // 1024
                        with self.lock:
                            self.peak = max(self.peak, megabytes)
                            self.run_peak = max(self.run_peak, megabytes)
        except OSError:
            return False
        return True

    def run(self):
        while self.running and self.sample():
            time.sleep(0.1)


def wrk(base: str, path: str, connections: int, seconds: int, headers: dict, script: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [base + path], capture_output=True, text=True, check=True).stdout

    def duration(text: str) -> float:
        number, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    total = re.search(r"(\d+) requests in", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": duration(p50.group(1)) if p50 else None, "p99": duration(p99.group(1)) if p99 else None,
        "errors": (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0),
        "timeouts": int(sockets.group(4)) if sockets else 0, "requests": int(total.group(1)) if total else 0,
    }


def lua_post(body: str, headers: dict) -> str:
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    handle.write('wrk.method = "POST"\nwrk.body = ' + json.dumps(body) + "\n")
    for name, value in headers.items():
        handle.write(f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}\n")
    handle.close()
    return handle.name


def lua_mixed(requests: list) -> str:
    """A wrk script sending REQUESTS (method, path, headers, body) in turn from every connection."""
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    handle.write("local requests = {}\n")
    for method, path, headers, body in requests:
        lua_headers = "{" + ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()) + "}"
        handle.write(
            f"table.insert(requests, wrk.format({json.dumps(method)}, {json.dumps(path)}, {lua_headers}, "
            f"{json.dumps(body) if body else 'nil'}))\n")
    handle.write("local n = 0\nrequest = function()\n  n = n + 1\n  return requests[(n % #requests) + 1]\nend\n")
    handle.close()
    return handle.name


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--demo-output", required=True)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--mixed-seconds", type=int, default=60)
    arguments = parser.parse_args()
    accounts = demo_accounts(open(arguments.demo_output).read())
    sessions = {}
    for role in ("Clinician", "Case manager", "Unit lead", "Programme lead"):
        if role not in accounts:
            raise SystemExit(f"load: `cairn demo` printed no {role} account: {sorted(accounts)}")
        client = Client(arguments.base)
        client.sign_in(*accounts[role])
        sessions[role] = client
    token = sessions["Clinician"].create_token()
    bearer = {"Authorization": f"Bearer {token}"}
    json_bearer = dict(bearer, **{"Content-Type": "application/json"})
    cookie = {role: {"Cookie": client.cookie_header()} for role, client in sessions.items()}

    memory = Memory(arguments.pid)
    memory.start()
    seconds = arguments.seconds
    rows = []
    body = json.dumps(REFERRAL)
    runs = [
        ("GET /healthz", "/healthz", {}, None),
        ("GET / (visitor)", "/", {}, None),
        ("GET /sign-in", "/sign-in", {}, None),
        ("GET /api/v1/me (bearer)", "/api/v1/me", bearer, None),
        ("GET /my-support (clinician)", "/my-support", cookie["Clinician"], None),
        ("GET /triage (case manager)", "/triage", cookie["Case manager"], None),
        ("GET /cases (case manager)", "/cases", cookie["Case manager"], None),
        ("GET /figures/support (unit lead)", "/figures/support", cookie["Unit lead"], None),
        ("GET /mentoring (programme lead)", "/mentoring", cookie["Programme lead"], None),
        ("GET /api/v1/referrals (bearer)", "/api/v1/referrals", bearer, None),
        ("POST /api/v1/referrals", "/api/v1/referrals", {}, lua_post(body, json_bearer)),
    ]
    # CAIRN_LOAD_ONLY=triage,cases: only the runs whose label holds one of these (for profiling one page); the mixed
    # run is then left out unless "mixed" is among them.
    only = [word for word in os.environ.get("CAIRN_LOAD_ONLY", "").split(",") if word]
    chosen = lambda label: not only or any(word in label for word in only)  # noqa: E731
    for label, path, headers, script in runs:
        if not chosen(label) and label != "GET /healthz":
            continue
        memory.start_run()
        result = wrk(arguments.base, path, 64, seconds, headers, script)
        result["rss"] = memory.end_run()
        rows.append((label, 64, seconds, result))
        print(f"load: {label}: {result['rps']:.0f} req/s, p99 {result['p99']} ms, {result['errors']} errors, "
              f"peak RSS {result['rss']} MB",
              file=sys.stderr)
    mixed = lua_mixed([
        ("GET", "/", {}, None), ("GET", "/sign-in", {}, None), ("GET", "/api/v1/me", bearer, None),
        ("GET", "/my-support", cookie["Clinician"], None), ("GET", "/triage", cookie["Case manager"], None),
        ("GET", "/figures/support", cookie["Unit lead"], None), ("POST", "/api/v1/referrals", json_bearer, body),
        ("GET", "/healthz", {}, None),
    ])
    if chosen("mixed (8 requests in turn)"):
        memory.start_run()
        result = wrk(arguments.base, "/", 200, arguments.mixed_seconds, {}, mixed)
        result["rss"] = memory.end_run()
        rows.append(("mixed (8 requests in turn)", 200, arguments.mixed_seconds, result))
    memory.running = False
    memory.join()

    ceiling = rows[0][3]["rps"]
    print("| run | connections | req/s | % of /healthz | p50 ms | p99 ms | errors | time-outs | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, connections, _, r in rows:
        p50 = f"{r['p50']:.1f}" if r["p50"] is not None else "–"
        p99 = f"{r['p99']:.1f}" if r["p99"] is not None else "–"
        print(f"| `{label}` | {connections} | {r['rps']:,.0f} | {100 * r['rps'] / ceiling:.0f}% | "
              f"{p50} | {p99} | {r['errors']} | {r['timeouts']} | {r['rss']:,} |")
    print(f"\nPeak RSS of the server: {memory.peak} MB. /healthz is the ceiling, measured in the same run.")
    failed = sum(r["errors"] for _, _, _, r in rows)
    if os.environ.get("CAIRN_LOAD_STRICT") == "1" and failed:
        raise SystemExit(f"load: {failed} errors")


if __name__ == "__main__":
    main()
