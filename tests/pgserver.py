"""A throw-away PostgreSQL server for tests and benchmarks: initdb + pg_ctl in a temp dir.

Uses Debian's ``postgresql`` package (binaries under /usr/lib/postgresql/*/bin). PostgreSQL
refuses to run as root, so as root the cluster is owned by the ``postgres`` user (made by the
package) and the commands run through ``runuser``. Listens on 127.0.0.1 on a free port with
``trust`` authentication for the ``policydoc`` role; :meth:`PgServer.stop` removes everything.

    with PgServer() as pg:
        Index(pg.url("mydb"))
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def find_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                   key=lambda p: int(Path(p).parts[4]) if Path(p).parts[4].isdigit() else 0)
    return found[-1] if found else shutil.which(name)


def unavailable() -> str | None:
    """Why a server cannot be started here (None: it can)."""
    if not find_bin("initdb") or not find_bin("pg_ctl"):
        return "PostgreSQL server binaries not installed (apt-get install -y postgresql)"
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to own the cluster"
        if not shutil.which("runuser"):
            return "running as root without runuser"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return 'psycopg not installed: pip install "policydoc[postgres]"'
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """initdb + pg_ctl start on 127.0.0.1:<free port>; ``settings`` become ``-c`` options."""

    def __init__(self, settings: dict[str, str] | None = None):
        self.settings = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
                         "max_connections": "60", **(settings or {})}
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="policydoc-pg-"))
        self.data = self.dir / "data"
        self.started = False

    def _run(self, *cmd: str) -> None:
        if os.geteuid() == 0:
            cmd = ("runuser", "-u", "postgres", "--", *cmd)
        subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)

    def start(self) -> "PgServer":
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        os.chmod(self.dir, 0o700)
        self._run(find_bin("initdb"), "-D", str(self.data), "-U", "policydoc", "--auth=trust", "-E", "UTF8",
                  "--no-locale", "--no-sync")
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 " + " ".join(
            f"-c {k}={v}" for k, v in self.settings.items())
        self._run(find_bin("pg_ctl"), "-D", str(self.data), "-o", opts, "-l", str(self.dir / "log"), "-w",
                  "-t", "60", "start")
        self.started = True
        return self

    def url(self, dbname: str = "postgres", **params: str) -> str:
        """A URL of database *dbname* (created on first use)."""
        if dbname != "postgres":
            import psycopg

            with psycopg.connect(self.url(), autocommit=True) as c:
                if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone():
                    c.execute(f'CREATE DATABASE "{dbname}"')
        q = "&".join(f"{k}={v}" for k, v in params.items())
        return f"postgresql://policydoc@127.0.0.1:{self.port}/{dbname}" + (f"?{q}" if q else "")

    def stop(self) -> None:
        if self.started:
            try:
                self._run(find_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
            except subprocess.SubprocessError:
                self._run(find_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "PgServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
