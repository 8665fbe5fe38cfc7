#
# Varnish 7.1 in front of khabar nodes (Debian 12: apt install varnish).
#
#   varnishd -a :80 -f /etc/varnish/khabar.vcl -s malloc,1g
#
# What it does:
#   - Spreads requests over the khabar nodes (round robin), skipping a node
#     whose /healthz fails.
#   - Keeps what khabar says may be kept, for as long as it says:
#     Cache-Control s-maxage (else max-age) and stale-while-revalidate.
#     Anything khabar sends without Cache-Control is not kept.
#   - Never keeps or answers from the cache: the newsroom (/admin), signed-in
#     editors (the khabar_session cookie), anything but GET and HEAD.
#   - Drops pages when khabar says what changed: khabar sends
#     `PURGE /` with `Surrogate-Key: story:12 list:all ...` (settings
#     [cache] purge = ["http://THIS-VARNISH:PORT/"]), and every cached page
#     whose own Surrogate-Key names one of those keys is banned.
#     `Surrogate-Key: *` bans everything (a settings change).
#     Only addresses in the `purgers` ACL may purge.
#   - Tries a reader's request once more on the next node when a node
#     fails to answer (it died since its last probe).
#   - Keeps Surrogate-Key on the cached object (the bans test it) but never
#     sends it to clients.
#
# X-Varnish on an answer carries two ids when it came from the cache; Age
# says how long it has been there. X-Cache is khabar's own page cache.

vcl 4.1;

import directors;
import std;

# /healthz asks the store for the section list: cheap, and it fails when
# the node cannot reach its database. A restarted Varnish trusts the nodes
# at once (.initial = .threshold); three failed probes of five mark one sick.
probe khabar_health {
    .url = "/healthz";
    .timeout = 1s;
    .interval = 2s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
}

# One backend per khabar node (`khabar serve --listen HOST:PORT`).
backend khabar1 {
    .host = "127.0.0.1";
    .port = "8080";
    .probe = khabar_health;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

backend khabar2 {
    .host = "127.0.0.1";
    .port = "8081";
    .probe = khabar_health;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

# Who may send PURGE: the khabar nodes. Add their addresses when they run
# on other hosts.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new khabar = directors.round_robin();
    khabar.add_backend(khabar1);
    khabar.add_backend(khabar2);
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.Surrogate-Key == "*") {
            # Everything khabar sent (static files too: they are cheap to
            # fetch again, and a settings change may touch any page).
            if (std.ban("obj.status != 0")) {
                return (synth(200, "Banned everything"));
            }
            return (synth(500, std.ban_error()));
        }
        # Keys are words of [A-Za-z0-9:_-] separated by single spaces
        # (site/cache_keys.h), so none needs escaping in the regex below.
        if (req.http.Surrogate-Key !~ "^[A-Za-z0-9:_-]+( [A-Za-z0-9:_-]+)*$") {
            return (synth(400, "Surrogate-Key: expected cache keys separated by spaces, or *"));
        }
        # A key matches as a whole word: "story:1" bans "story:1 nav" but
        # not "story:12". Bans on obj.* only are lurker friendly: the ban
        # lurker applies them in the background, so the ban list stays short.
        if (std.ban("obj.http.Surrogate-Key ~ (^|\s)(" +
                    regsuball(req.http.Surrogate-Key, " ", "|") + ")(\s|$)")) {
            return (synth(200, "Banned"));
        }
        return (synth(500, std.ban_error()));
    }

    set req.backend_hint = khabar.backend();

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The newsroom is always fresh and personal.
    if (req.url ~ "^/admin($|[/?])") {
        return (pass);
    }
    # A signed-in editor sees every page as it is now (khabar's own page
    # cache is bypassed for them too).
    if (req.http.Authorization || req.http.Cookie ~ "(^|;)\s*khabar_session=") {
        return (pass);
    }
    # Public pages read no cookie; dropping them lets readers with
    # analytics or other cookies share the cached pages.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Only what khabar marked: a response without Cache-Control (a
    # redirect, for one) is fetched every time rather than kept for
    # Varnish's default TTL where no purge would reach it.
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    # A kept page whose time is up is revalidated with If-None-Match; khabar
    # answers 304 (with the page's Surrogate-Key) when it is unchanged.
    set beresp.keep = 10m;
    # Falls through to the built-in rules: Set-Cookie, private, no-store and
    # Surrogate-Control: no-store are never kept; s-maxage / max-age and
    # stale-while-revalidate set the TTL and grace.
}

# A node that died since its last probe (its connection is refused): a
# reader's GET or HEAD is tried once more, on the next node, instead of
# answered with an error. Writes are never retried.
sub vcl_backend_error {
    if (bereq.retries < 1 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
}

sub vcl_deliver {
    unset resp.http.Surrogate-Key;
    unset resp.http.Surrogate-Control;
}
