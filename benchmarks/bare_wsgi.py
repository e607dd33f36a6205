"""The smallest WSGI app: what gunicorn and the load generator cost on their own
(``load_test.py --mode bare``)."""


def app(environ, start_response):  # type: ignore[no-untyped-def]
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
    return [b"hello"]
