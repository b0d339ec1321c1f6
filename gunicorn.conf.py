"""gunicorn's settings for the portal, read from the working directory (or ``-c``):
``gunicorn --workers 3 --bind 127.0.0.1:8000`` is then enough. Options given on the command
line win over these."""

wsgi_app = "lanzarote.wsgi"
# The access log on standard output, with secret tokens masked (lanzarote.access_log).
accesslog = "-"
logger_class = "lanzarote.access_log.RedactingLogger"
# Apache's combined format, then the duration (ms), the X-Forwarded-For the proxy sent (the
# client's address is its last entry with one proxy) and the request id the portal answered
# with (X-Request-ID, also in the portal's own log lines).
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)s '
    '"%({x-forwarded-for}i)s" %({x-request-id}o)s'
)


def post_worker_init(worker):
    """Before a worker takes requests, it reads the catalogue (lanzarote.warmup): a fresh
    worker's first visitor is served as fast as the next."""
    from lanzarote.warmup import warm_up

    warm_up()
