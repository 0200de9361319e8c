"""XSS payloads: each would set window.__xss (or open a dialog) if it ever ran."""

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    "<svg onload=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    '<iframe src="javascript:window.__xss=1"></iframe>',
    '<a href="javascript:window.__xss=1">click</a>',
    "[click me](javascript:window.__xss=1)",
    "[click me](JaVaScRiPt:window.__xss=1)",
    "[click](&#106;avascript:window.__xss=1)",
    '![img](x" onerror="window.__xss=1)',
    "[x](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)",
    "<<script>script>window.__xss=1<</script>/script>",
    "<body onload=window.__xss=1>",
    '<div style="background:url(javascript:window.__xss=1)">x</div>',
    '"><script>window.__xss=1</script>',
    "'><img src=x onerror=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    '<a href="#" onclick="window.__xss=1">x</a>',
    "<details open ontoggle=window.__xss=1>",
    "@[<img src=x onerror=window.__xss=1>]",
    "<scr<script>ipt>window.__xss=1</script>",
    "`<script>window.__xss=1</script>`",
]

# Fragments that must never appear in a page as live markup.
FORBIDDEN = [
    "<script>window",
    "<img src=x onerror",
    "<svg",
    "<iframe",
    'href="javascript:',
    'href="data:',
    "<body onload",
    "<details open ontoggle",
    'onclick="window',
    "<math",
    "<style",
]
