"""The nginx site in deploy/ works as the README says, run as shipped (only its paths, ports and certificate
swapped for temporary ones): plain HTTP goes to HTTPS except certificate renewal; anonymous readers get the
static mirror, a session, a query or a POST goes to the app; the mirror's bookkeeping, media and dot-files
are never served, /.well-known/ is; static files are cached for good; nginx's own answers carry the
security headers."""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dwgk.testing.cluster import nginx_path, reachable, self_signed

DEPLOY = Path(__file__).resolve().parents[3] / "deploy" / "nginx"
pytestmark = [pytest.mark.one_db, pytest.mark.skipif(nginx_path() is None, reason="nginx 未安装")]


class App(BaseHTTPRequestHandler):
    def _answer(self):
        body = f"APP {self.command} {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_HEAD = _answer

    def log_message(self, *args):
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("nginx")
    var, snippets = base / "var", base / "snippets"
    for d in (var / "mirror" / "portal" / "org" / "1", var / "static", var / "acme" / ".well-known" / "acme-challenge",
              snippets):
        d.mkdir(parents=True)
    (var / "mirror" / "portal" / "org" / "1" / "index.html").write_text("MIRROR org 1")
    (var / "mirror" / ".hashes.tsv").write_text("secret bookkeeping")
    (var / "mirror" / "portal" / ".feed.json").write_text("{}")
    (var / "static" / "app.0123abcd.css").write_text("body{}")
    (var / "acme" / ".well-known" / "acme-challenge" / "tok").write_text("tok-answer")
    (var / "acme" / ".well-known" / "security.txt").write_text("Contact: mailto:dwgk@example.cn")
    for name in ("dwgk-proxy.conf", "dwgk-headers.conf"):
        (snippets / name).write_text((DEPLOY / name).read_text())
    crt, key = self_signed(base)
    app = ThreadingHTTPServer(("127.0.0.1", free_port()), App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    http_port, https_port = free_port(), free_port()
    conf = (DEPLOY / "dwgk.conf").read_text()
    for old, new in [("/etc/nginx/snippets/", f"{snippets}/"), ("/var/lib/dwgk", str(var)),
                     ("/etc/ssl/dwgk/fullchain.pem", str(crt)), ("/etc/ssl/dwgk/privkey.pem", str(key)),
                     ("listen 80;", f"listen 127.0.0.1:{http_port};"), ("listen [::]:80;", ""),
                     ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl;"), ("listen [::]:443 ssl http2;", ""),
                     ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app.server_address[1]};")]:
        assert old in conf, old
        conf = conf.replace(old, new)
    (base / "dwgk.conf").write_text(conf)
    user = "user root;" if os.geteuid() == 0 else ""
    temp = " ".join(f"{k}_temp_path {base}/tmp-{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (base / "nginx.conf").write_text(
        f"{user}\nworker_processes 1;\npid {base}/nginx.pid;\nerror_log {base}/error.log warn;\n"
        f"events {{ worker_connections 64; }}\nhttp {{ include /etc/nginx/mime.types; access_log off; {temp}\n"
        f"include {base}/dwgk.conf; }}\n")
    check = subprocess.run([nginx_path(), "-t", "-c", str(base / "nginx.conf"), "-p", str(base)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([nginx_path(), "-c", str(base / "nginx.conf"), "-p", str(base), "-g", "daemon off;"])
    deadline = time.monotonic() + 20
    while not (reachable("127.0.0.1", http_port) and reachable("127.0.0.1", https_port)):
        assert proc.poll() is None and time.monotonic() < deadline, (base / "error.log").read_text()
        time.sleep(0.1)
    yield http_port, https_port
    proc.terminate()
    proc.wait(10)
    app.shutdown()


def unverified() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the test's own self-signed certificate
    return context


def get(port, path, *, tls=True, method="GET", headers=None):
    cls = http.client.HTTPSConnection if tls else http.client.HTTPConnection
    kwargs = {"context": unverified()} if tls else {}
    conn = cls("127.0.0.1", port, timeout=10, **kwargs)
    conn.request(method, path, headers={"Host": "dwgk.example.cn", **(headers or {})})
    resp = conn.getresponse()
    body = resp.read().decode(errors="replace")
    conn.close()
    return resp, body


def test_明文访问转到HTTPS_证书续期除外(site):
    http_port, _ = site
    resp, _ = get(http_port, "/portal/org/1/", tls=False)
    assert resp.status == 301 and resp.getheader("Location") == "https://dwgk.example.cn/portal/org/1/"
    resp, body = get(http_port, "/.well-known/acme-challenge/tok", tls=False)
    assert resp.status == 200 and body == "tok-answer"


def test_匿名读者由静态镜像答复_会话查询和提交交给应用(site):
    _, port = site
    resp, body = get(port, "/portal/org/1/")
    assert resp.status == 200 and body == "MIRROR org 1"
    assert "default-src 'self'" in resp.getheader("Content-Security-Policy")
    assert resp.getheader("Strict-Transport-Security").startswith("max-age=")
    assert get(port, "/portal/org/1/", headers={"Cookie": "sessionid=abc"})[1] == "APP GET /portal/org/1/"
    assert get(port, "/portal/org/1/?page=2")[1] == "APP GET /portal/org/1/?page=2"
    assert get(port, "/portal/org/1/", method="POST")[1] == "APP POST /portal/org/1/"
    assert get(port, "/portal/org/2/")[1] == "APP GET /portal/org/2/"  # not in the mirror yet


def test_镜像的记录文件_媒体和点文件不外露_well_known照常(site):
    _, port = site
    for path in ("/.hashes.tsv", "/portal/.feed.json", "/media/attachments/1.pdf", "/.git/config"):
        resp, body = get(port, path)
        assert resp.status == 404 and "secret" not in body, path
    resp, body = get(port, "/.well-known/security.txt")
    assert resp.status == 200 and "dwgk@example.cn" in body


def test_静态文件长期缓存(site):
    _, port = site
    resp, body = get(port, "/static/app.0123abcd.css")
    assert resp.status == 200 and body == "body{}"
    assert "immutable" in resp.getheader("Cache-Control")
    assert resp.getheader("X-Content-Type-Options") == "nosniff"
