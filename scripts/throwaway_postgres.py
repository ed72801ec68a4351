"""Run a command against a throwaway PostgreSQL cluster, then remove the cluster.

    python scripts/throwaway_postgres.py -- pytest ...

The cluster listens on a free loopback port; the command gets DATABASE_URL pointing at it.
PostgreSQL refuses to run as root, so as root the cluster is owned by the postgres user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        sys.exit("PostgreSQL is not installed: run scripts/install_system_packages.sh first.")
    return found[-1]


def as_cluster_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def main(command: list[str]) -> int:
    if not command:
        sys.exit("usage: throwaway_postgres.py -- COMMAND [ARGS...]")
    root = Path(tempfile.mkdtemp(prefix="pg-throwaway-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    run: dict[str, Any] = {"cwd": root, "check": True, "stdout": subprocess.DEVNULL}
    try:
        subprocess.run(
            as_cluster_owner(
                [pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                 "-E", "UTF8", "--locale=C.UTF-8"]
            ),
            **run,
        )
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            as_cluster_owner([pg_bin("pg_ctl"), "-D", str(data), "-o", options,
                              "-l", str(root / "server.log"), "-w", "start"]),
            **run,
        )
        env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/postgres"}
        return subprocess.run(command, env=env).returncode
    finally:
        subprocess.run(
            as_cluster_owner([pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(args[1:] if args[:1] == ["--"] else args))
