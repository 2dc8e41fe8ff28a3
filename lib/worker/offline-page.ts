/**
 * The page the service worker answers a navigation with when the server cannot be reached and
 * it has no copy of the page: self-contained (no script, styles inline), in the visitor's
 * colour scheme, with a link to try again.
 */
export const OFFLINE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Offline · Parley</title>
<style>
:root { color-scheme: light dark; --bg: light-dark(#fff, #16161b); --fg: light-dark(#1b1b22, #e8e8ef); --accent: light-dark(#3546c8, #8c9bff); }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, sans-serif; }
main { max-width: 28rem; padding: 2rem; text-align: center; }
a { color: var(--accent); font-weight: 600; }
</style>
</head>
<body>
<main>
<h1>You're offline</h1>
<p>Parley can't reach its server right now. Messages you wrote are kept on this device and are sent once it's back.</p>
<p><a href="/">Try again</a></p>
</main>
</body>
</html>`;

/** The offline page's own policy: no script at all, its inline style only. */
export const OFFLINE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'";
