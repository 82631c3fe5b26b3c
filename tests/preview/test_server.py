"""The preview server (preview/server.py) under odd requests: it follows no symbolic link in the
output folder, answers every malformed URL with 400 (never a dropped connection or an error
line), and answers hundreds of pages polling its status at once."""

from __future__ import annotations

import json
import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from pressroom.preview.server import request_target
from tests.conftest import preview_server

SECRET = "TOKEN=ghp_0utside5ecret"


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    """A server on 127.0.0.1 over a small output folder with links, a pipe and a secret beside
    it; `reported` collects every line it would print."""
    tmp_path = tmp_path_factory.mktemp("serve")
    out = tmp_path / "out"
    (out / "en").mkdir(parents=True)
    (out / "index.html").write_text("<!doctype html><title>kit</title><p>the kit</p>")
    (out / "en" / "card.png").write_bytes(b"\x89PNG not really")
    (out / "café.txt").write_text("accented")
    (out / "a%41.html").write_text("<p>a percent sign in a name</p>")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "sub").mkdir(parents=True)
    (elsewhere / "secret.txt").write_text(SECRET)
    (elsewhere / "sub" / "index.html").write_text(f"<p>{SECRET}</p>")
    (out / "leak.txt").symlink_to(elsewhere / "secret.txt")
    (out / "leak.html").symlink_to(elsewhere / "sub" / "index.html")
    (out / "away").symlink_to(elsewhere / "sub", target_is_directory=True)
    (out / "alias.html").symlink_to(out / "index.html")  # inside, but no link is followed
    os.mkfifo(out / "pipe.png")
    (out / ".pressroom-staged" / "en").mkdir(parents=True)  # a build's half-made files
    (out / ".pressroom-staged" / "en" / "card.png").write_bytes(b"staged")
    reported: list[str] = []
    with preview_server(out, lambda line, *_: reported.append(line)) as srv:
        srv.reported = reported
        yield srv


@pytest.fixture
def server(running):
    running.reported.clear()
    return running


def ask(srv, target: bytes | str, timeout: float = 10) -> tuple[int, bytes]:
    """Send one GET with `target` as written (no quoting) and read the whole answer."""
    if isinstance(target, str):
        target = target.encode("ascii")
    host, port = srv.server_address[:2]
    with socket.create_connection((host, port), timeout=timeout) as conn:
        head = b"Host: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % port
        conn.sendall(b"GET " + target + b" HTTP/1.1\r\n" + head)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    assert answer, f"the connection was dropped for {target!r}"
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.parametrize(
    "target",
    [
        "/%00",
        "/index.html%00.png",
        "/en/%00/card.png",
        "/%zz",
        "/index.html%4",
        "/%C3%28.html",  # not UTF-8 once decoded
        b"/caf\xe9.txt",  # a raw byte that is not ASCII
        "/a%0Ab.html",
        "/__pressroom/status?since=1%00",  # handled: a whole number is wanted
        "http://127.0.0.1/index.html",  # absolute-form
        "*",
    ],
)
def test_a_malformed_url_gets_400_and_no_error_line(server, target):
    code, _ = ask(server, target)
    assert code == 400
    assert server.reported == []


def test_well_formed_urls_are_still_served(server):
    assert ask(server, "/")[0] == 200
    assert ask(server, "/%69ndex.html")[0] == 200
    assert ask(server, "/caf%C3%A9.txt") == (200, b"accented")
    assert ask(server, "/a%2541.html")[0] == 200  # decoded once: the file is a%41.html
    assert ask(server, "/en/card.png") == (200, b"\x89PNG not really")
    assert ask(server, "/index.html?x=%00#frag")[0] == 200  # a query is not a path
    assert ask(server, "/../../etc/passwd")[0] == 404
    assert server.reported == []


@pytest.mark.parametrize(
    "target", ["/leak.txt", "/leak.html", "/away/", "/away/index.html", "/alias.html"]
)
def test_no_symbolic_link_in_the_output_folder_is_followed(server, target):
    code, body = ask(server, target)
    assert code == 404 and SECRET.encode() not in body and b"the kit" not in body
    assert server.reported == []


@pytest.mark.parametrize("target", ["/.pressroom-staged/en/card.png", "/.pressroom-staged/"])
def test_hidden_names_such_as_a_builds_staged_files_are_not_served(server, target):
    code, body = ask(server, target)
    assert code == 404 and b"staged" not in body


def test_a_named_pipe_is_not_served_and_holds_nothing(server):
    assert ask(server, "/pipe.png", timeout=5)[0] == 404
    assert ask(server, "/")[0] == 200


def test_request_targets():
    assert request_target("/a%20b.html?since=3#x") == ("/a b.html", "since=3")
    assert request_target("/%D0%BA%D0%B7/") == ("/кз/", "")
    for bad in ("/%00", "/%G0", "/%", "/\x7f", "/a b", "//evil\x00", "x", ""):
        assert request_target(bad) is None, bad


def test_300_pages_polling_at_once_are_all_answered(server):
    """The listen queue takes 300 connections arriving together (the standard library's 5 lost
    some of them to connection timeouts); each long poll is answered when the next generation is
    published."""
    clients = 300
    ready = threading.Barrier(clients + 1)

    def poll(_):
        ready.wait()
        return ask(server, "/__pressroom/status?since=1", timeout=8)

    with ThreadPoolExecutor(clients) as pool:
        answers = pool.map(poll, range(clients))
        ready.wait()
        threading.Timer(0.5, server.status.publish, ([], 1)).start()
        found = list(answers)
    assert [code for code, _ in found] == [200] * clients
    assert {json.loads(body)["generation"] for _, body in found} == {2}
    assert server.reported == []


def test_without_an_index_page_the_root_opens_the_only_page(tmp_path):
    """A build of a draft alone writes only its preview page (de.html): / opens it."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "de.html").write_text("<!doctype html><title>draft</title><p>preview</p>")
    with preview_server(out) as srv:
        host, port = srv.server_address[:2]
        with socket.create_connection((host, port), timeout=10) as conn:
            conn.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
    head = answer.partition(b"\r\n\r\n")[0].decode()
    assert head.split()[1] == "302" and "\r\nLocation: /de.html" in head
