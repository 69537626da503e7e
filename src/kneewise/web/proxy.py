"""Reverse proxies in front of Kneewise: one policy, applied once, by the server.

KNEEWISE_PROXY_HOPS (0 = none) says how many proxies stand between the clients and Kneewise;
KNEEWISE_TRUSTED_PROXY is the address the nearest one connects from (default 127.0.0.1, a
proxy on the same host; "*" trusts any peer, only for a network that nothing but the proxy
can reach). The server (waitress in `kneewise serve`, or gunicorn with our config) reads
X-Forwarded-For and X-Forwarded-Proto from that proxy only, rewrites REMOTE_ADDR and the
scheme, and drops the headers from anyone else; the application then simply reads REMOTE_ADDR,
so an address is never taken from a header a client could forge, nor worked out twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication
    from django.http import HttpRequest

# The headers a trusted proxy may set. X-Forwarded-Host is left out: the proxy passes the
# Host header itself (checked against KNEEWISE_ALLOWED_HOSTS), and a header the proxy does not
# overwrite would reach Django straight from the client.
TRUSTED_HEADERS = frozenset({"x-forwarded-for", "x-forwarded-proto"})


@dataclass(frozen=True, slots=True)
class ProxyPolicy:
    """How many proxy hops to believe, and the address the nearest proxy connects from."""

    hops: int = 0
    trusted_proxy: str = "127.0.0.1"

    @classmethod
    def from_settings(cls) -> ProxyPolicy:
        from django.conf import settings

        return cls(
            hops=int(getattr(settings, "KNEEWISE_PROXY_HOPS", 0)),
            trusted_proxy=str(getattr(settings, "KNEEWISE_TRUSTED_PROXY", "127.0.0.1")),
        )

    def waitress_options(self) -> dict[str, Any]:
        """waitress.serve() keyword arguments: trust the proxy's headers, clear everyone else's."""
        if self.hops <= 0:
            return {"clear_untrusted_proxy_headers": True}
        return {
            "trusted_proxy": self.trusted_proxy,
            "trusted_proxy_count": self.hops,
            "trusted_proxy_headers": set(TRUSTED_HEADERS),
            "clear_untrusted_proxy_headers": True,
        }

    def wrap(self, app: WSGIApplication) -> WSGIApplication:
        """The same translation as a WSGI middleware, for a server that does not do it."""
        from waitress.proxy_headers import proxy_headers_middleware

        options = self.waitress_options()
        wrapped: WSGIApplication = proxy_headers_middleware(
            app,
            trusted_proxy=options.get("trusted_proxy"),
            trusted_proxy_count=options.get("trusted_proxy_count", 1),
            trusted_proxy_headers=options.get("trusted_proxy_headers"),
            clear_untrusted=True,
        )
        return wrapped


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, which the server already took from a trusted proxy."""
    return str(request.META.get("REMOTE_ADDR", ""))
