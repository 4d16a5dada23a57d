"""The HTTP load the members list is measured with: requests counted per second, failures counted apart."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import load


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        # The cookie proves the request is sent as the logged-in user.
        found = self.path == "/ok" and self.headers["Cookie"] == "sessionid=abc"
        self.send_response(200 if found else 404)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def port():
    server = ThreadingHTTPServer(("127.0.0.1", load.free_port()), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_get_sends_the_session_cookie_and_returns_the_status(port):
    assert load.get(port, "/ok", "sessionid=abc") == 200
    assert load.get(port, "/ok", "sessionid=other") == 404


def test_load_counts_requests_per_second_and_every_answer_other_than_200_as_an_error(port):
    rps, errors = load.load(port, "/ok", "sessionid=abc", clients=2, seconds=0.3)
    assert rps > 0
    assert errors == 0
    rps, errors = load.load(port, "/missing", "sessionid=abc", clients=2, seconds=0.3)
    assert rps > 0
    assert errors >= 2
