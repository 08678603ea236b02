"""JupyterLab on the notebooks, as ``make lab`` starts it, driven through its REST and kernel APIs.

The server runs on a free port of 127.0.0.1 with a known token and ``notebooks/`` as its root;
the test lists the notebooks, starts a ``python3`` kernel (working directory ``notebooks/``, as when a
reader opens a notebook in Lab) and runs notebook 01's code cells over the kernel websocket with
the parameters cell as written, ``out`` redirected to a temporary folder.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest

from corpus_utils.paths import NOTEBOOKS_DIR, PROJECT_ROOT

pytestmark = pytest.mark.slow

NOTEBOOK = "01_corpus_audit.ipynb"
START_TIMEOUT = 90  # seconds for the server to answer /api/status
CELL_TIMEOUT = 300  # seconds per cell


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running JupyterLab server: REST calls with the token."""

    def __init__(self, port: int, token: str, proc: subprocess.Popen, log: Path):
        self.base = f"http://127.0.0.1:{port}"
        self.token, self.proc, self.log = token, proc, log

    def call(self, method: str, path: str, body: dict | None = None, *, timeout: float = 30):
        req = urllib.request.Request(
            self.base + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
            return resp.status, (
                json.loads(raw) if raw and "json" in resp.headers.get("Content-Type", "") else raw
            )

    def log_tail(self, n: int = 40) -> str:
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(lines[-n:])


@pytest.fixture
def lab(tmp_path):
    """JupyterLab on notebooks/, isolated from the user's Jupyter config and runtime files."""
    port, token = _free_port(), secrets.token_hex(16)
    home = tmp_path / "jupyter"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "MPLBACKEND": "Agg",
    }
    log = tmp_path / "lab.log"
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.open_browser=False",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={NOTEBOOKS_DIR}",
    ]
    if (
        hasattr(os, "geteuid") and os.geteuid() == 0
    ):  # CI containers run as root; Jupyter refuses without this
        cmd.append("--allow-root")
    with log.open("wb") as sink:
        proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    server = Lab(port, token, proc, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"JupyterLab exited with code {proc.returncode} before answering:\n{server.log_tail()}"
                )
            try:
                status, _ = server.call("GET", "/api/status", timeout=5)
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"JupyterLab did not answer /api/status within {START_TIMEOUT} s:\n{server.log_tail()}"
                )
            time.sleep(0.25)
        yield server
    finally:
        if proc.poll() is None:
            try:
                server.call("POST", "/api/shutdown", timeout=10)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


# ---------------------------------------------------------------- the kernel protocol over a websocket
def _message(code: str, session: str) -> dict:
    msg_id = uuid.uuid4().hex
    return {
        "header": {
            "msg_id": msg_id,
            "username": "test",
            "session": session,
            "msg_type": "execute_request",
            "version": "5.3",
            "date": "",
        },
        "parent_header": {},
        "metadata": {},
        "channel": "shell",
        "buffers": [],
        "content": {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        },
    }


def execute(ws, code: str, session: str, *, timeout: float = CELL_TIMEOUT) -> dict:
    """Run ``code``; return {"status", "outputs" (stream text), "errors"} once the reply has
    arrived and the kernel is idle again."""
    msg = _message(code, session)
    msg_id = msg["header"]["msg_id"]
    ws.send(json.dumps(msg))
    reply, idle, outputs, errors = None, False, [], []
    deadline = time.monotonic() + timeout
    while reply is None or not idle:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no execute_reply within {timeout} s for:\n{code[:300]}")
        ws.settimeout(remaining)
        incoming = json.loads(ws.recv())
        if incoming.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = incoming["header"]["msg_type"], incoming["content"]
        if kind == "execute_reply":
            reply = content
        elif kind == "status" and content.get("execution_state") == "idle":
            idle = True
        elif kind == "stream":
            outputs.append(content["text"])
        elif kind == "error":
            errors.append(f"{content['ename']}: {content['evalue']}")
    return {
        "status": reply["status"],
        "outputs": "".join(outputs),
        "errors": errors,
        "reply_error": f"{reply.get('ename')}: {reply.get('evalue')}" if reply["status"] != "ok" else "",
    }


def _cells_with_out(notebook: Path, out: Path) -> list[str]:
    """The notebook's code cells, with ``out = <tmp>`` run right after the parameters cell."""
    nb = nbformat.read(str(notebook), as_version=4)
    cells, tagged = [], False
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cells.append(cell.source)
        if "parameters" in cell.metadata.get("tags", []):
            cells.append(f"out = {str(out)!r}")
            tagged = True
    assert tagged, f"{notebook.name} has no cell tagged 'parameters'"
    return cells


# ---------------------------------------------------------------- the test
def test_lab_lists_the_notebooks_and_runs_notebook_01(lab, tmp_path):
    import websocket

    status, page = lab.call("GET", "/lab")
    assert status == 200 and b"JupyterLab" in page, "GET /lab does not serve the JupyterLab page"

    _, listing = lab.call("GET", "/api/contents/")
    names = sorted(item["name"] for item in listing["content"] if item["type"] == "notebook")
    expected = sorted(p.name for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    assert NOTEBOOK in names and set(expected) <= set(names), f"the server lists {names}, expected {expected}"
    _, model = lab.call("GET", f"/api/contents/{NOTEBOOK}")
    assert model["type"] == "notebook" and model["content"]["metadata"]["kernelspec"]["name"] == "python3"

    _, specs = lab.call("GET", "/api/kernelspecs")
    assert "python3" in specs["kernelspecs"], f"no python3 kernel: {sorted(specs['kernelspecs'])}"

    out = tmp_path / "out"
    status, kernel = lab.call("POST", "/api/kernels", {"name": "python3", "path": ""})
    assert status == 201, kernel
    ws = None
    try:
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{lab.base.rsplit(':', 1)[1]}/api/kernels/{kernel['id']}/channels?token={lab.token}",
            timeout=60,
        )
        session = uuid.uuid4().hex
        where = execute(ws, "import os, sys; print(os.getcwd()); print(sys.prefix)", session)
        cwd, prefix = where["outputs"].split()[:2]
        assert Path(cwd).resolve() == NOTEBOOKS_DIR.resolve(), f"the kernel runs in {cwd}, not notebooks/"
        assert Path(prefix).resolve() == Path(sys.prefix).resolve(), (
            f"the python3 kernel runs {prefix}, not the project's environment {sys.prefix}"
        )

        for i, code in enumerate(_cells_with_out(NOTEBOOKS_DIR / NOTEBOOK, out), 1):
            result = execute(ws, code, session)
            assert result["status"] == "ok" and not result["errors"], (
                f"{NOTEBOOK} code cell {i} failed in the Lab kernel: {result['errors'] or result['reply_error']}\n"
                f"--- cell:\n{code}\n--- output:\n{result['outputs'][-2000:]}"
            )
    finally:
        if ws is not None:
            ws.close()
        deleted, _ = lab.call("DELETE", f"/api/kernels/{kernel['id']}")
    assert deleted == 204, f"DELETE /api/kernels/{kernel['id']} answered {deleted}"

    table = out / "tables" / "corpus.csv"
    assert table.is_file(), f"notebook 01 run in Lab did not write {table}"
    header = table.read_text(encoding="utf-8").splitlines()[0]
    assert header == (
        "doc_id,date,year,date_source,outlet,side,speaker,language,included,excluded_reason,"
        "duplicate_of,title,n_words"
    )
    assert len(table.read_text(encoding="utf-8").splitlines()) == 1 + 5, "the seeds have five documents"
    _, running = lab.call("GET", "/api/kernels")
    assert running == [], f"kernels still running after DELETE: {running}"

    lab.call("POST", "/api/shutdown")
    assert lab.proc.wait(timeout=30) == 0, f"JupyterLab did not shut down cleanly:\n{lab.log_tail()}"
