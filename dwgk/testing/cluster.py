"""Two app servers, one worker per server, nginx with a self-signed certificate in front, on one
PostgreSQL database and one Redis: the multi-node test and `./dev bench scaleout` start this.

Addresses: nginx listens with TLS on 127.0.0.1 — `https_port` balances over both nodes, `node_ports`
reach one node each (so a test can act through A and read through B) — and connects to the app servers
from 127.0.0.2, so the app sees the proxy at 127.0.0.2 and the browser (127.0.0.1) only in
X-Forwarded-For. The mirror (shared directory) is served by nginx under /mirror/.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROXY_ADDR = "127.0.0.2"


def nginx_path() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


def reachable(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


def self_signed(directory: Path) -> tuple[Path, Path]:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    crt, pem = directory / "cert.pem", directory / "key.pem"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
    return crt, pem


NGINX_CONF = """
{user}
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {dir}/nginx-access.log;
    client_body_temp_path {dir}/tmp-body;
    proxy_temp_path {dir}/tmp-proxy;
    fastcgi_temp_path {dir}/tmp-fastcgi;
    uwsgi_temp_path {dir}/tmp-uwsgi;
    scgi_temp_path {dir}/tmp-scgi;
    client_max_body_size 25m;
    types {{ text/html html; application/atom+xml atom; text/css css; application/javascript js; }}
    upstream both {{ server 127.0.0.1:{port_a}; server 127.0.0.1:{port_b}; }}
    upstream node_a {{ server 127.0.0.1:{port_a}; }}
    upstream node_b {{ server 127.0.0.1:{port_b}; }}
{servers}
}}
"""

SERVER = """
    server {{
        listen 127.0.0.1:{listen} ssl;
        ssl_certificate {crt};
        ssl_certificate_key {key};
        location /mirror/ {{ alias {mirror}/; }}
        location / {{
            proxy_pass http://{upstream};
            proxy_bind {proxy};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
"""


@dataclass
class Cluster:
    base: Path
    pg_url: str  # postgres://user@host:port (no database)
    redis_url: str
    https_port: int = 8444
    node_ports: tuple[int, int] = (8140, 8141)  # nginx → A, nginx → B
    app_ports: tuple[int, int] = (8132, 8133)
    db_name: str = field(default_factory=lambda: f"dwgk_cluster_{uuid.uuid4().hex[:8]}")
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def mirror_dir(self) -> Path:
        return self.base / "shared" / "mirror"

    def url(self, node: str | None = None) -> str:
        port = self.https_port if node is None else self.node_ports["ab".index(node)]
        return f"https://127.0.0.1:{port}"

    def env(self, node: str) -> dict:
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
            "DJANGO_SETTINGS_MODULE": "dwgk.settings",
            "DATABASE_URL": f"{self.pg_url}/{self.db_name}",
            "REDIS_URL": self.redis_url,
            "DWGK_VAR_DIR": str(self.base / f"node-{node}"),
            "DWGK_NODE_ID": node,
            "DWGK_NODES": "2",
            "DWGK_TASKS": "database",
            "DWGK_MEDIA_DIR": str(self.base / "shared" / "media"),
            "DWGK_MIRROR_DIR": str(self.mirror_dir),
            "DWGK_STATIC_ROOT": str(self.base / "shared" / "static"),
            "DWGK_PUBLIC_URL": self.url(),
            "DWGK_TRUSTED_PROXIES": PROXY_ADDR,
            "DWGK_FEED_POLL_SECONDS": "0.3",
            "DWGK_SEARCH_INDEX_DELAY": "0",
        }

    def manage(self, *args: str, node: str = "a", timeout: float = 600) -> str:
        out = subprocess.run([sys.executable, "-m", "dwgk", *args], env=self.env(node), cwd=ROOT,
                             capture_output=True, text=True, timeout=timeout)
        if out.returncode != 0:
            raise RuntimeError(f"dwgk {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
        return out.stdout

    def shell(self, code: str, node: str = "a") -> str:
        """Run Python in a node's Django; returns its last printed line."""
        return self.manage("shell", "-c", code, node=node).strip().splitlines()[-1]

    def _start(self, name: str, args: list[str], node: str) -> None:
        log = open(self.base / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(args, env=self.env(node), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def create(self) -> None:
        import psycopg

        (self.base / "shared" / "media").mkdir(parents=True, exist_ok=True)
        self.mirror_dir.mkdir(parents=True, exist_ok=True)
        with psycopg.connect(f"{self.pg_url}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.db_name}"')
        try:
            self.manage("migrate", "--noinput", "-v0")
            self.manage("collectstatic", "--noinput", "-v0")
        except BaseException:
            self.drop()  # the database is this cluster's own: never left behind
            raise

    def start(self) -> None:
        granian = str(Path(sys.executable).with_name("granian"))
        for node, port in zip("ab", self.app_ports, strict=True):
            self._start(f"web-{node}", [granian, "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
                                        "--workers", "1", "--blocking-threads", "4", "--no-ws",
                                        "--log-level", "warning", "dwgk.wsgi:application"], node)
            self._start(f"worker-{node}", [sys.executable, "-m", "dwgk", "worker", "--interval", "0.3"], node)
        crt, key = self_signed(self.base)
        servers = "".join(SERVER.format(listen=listen, crt=crt, key=key, mirror=self.mirror_dir, upstream=up,
                                        proxy=PROXY_ADDR)
                          for listen, up in ((self.https_port, "both"), (self.node_ports[0], "node_a"),
                                             (self.node_ports[1], "node_b")))
        conf = self.base / "nginx.conf"
        # Started by root, nginx's workers would run as nobody and could not read the (private) temp dirs.
        user = "user root;" if os.geteuid() == 0 else ""
        conf.write_text(NGINX_CONF.format(user=user, dir=self.base, port_a=self.app_ports[0], port_b=self.app_ports[1],
                                          servers=servers))
        self._start("nginx", [nginx_path(), "-c", str(conf), "-p", str(self.base), "-g", "daemon off;"], "a")
        deadline = time.monotonic() + 90
        for port in (*self.app_ports, self.https_port, *self.node_ports):
            while not reachable("127.0.0.1", port):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"port {port} did not open; logs in {self.base}")
                for name, p in self.procs.items():
                    if p.poll() is not None:
                        raise RuntimeError(f"{name} exited ({p.returncode}); see {self.base}/{name}.log")
                time.sleep(0.2)

    def stop(self) -> None:
        for p in self.procs.values():
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs.values():
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        self.procs.clear()

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(f"{self.pg_url}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
