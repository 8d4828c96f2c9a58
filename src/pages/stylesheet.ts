import { createHash } from 'node:crypto'

/**
 * The one stylesheet of every public page: system fonts only (nothing to download), a palette,
 * font and layout per class (themes.ts), the accent from two custom properties each page sets.
 * Served at a content-hashed address with a year-long immutable cache, so a change of this text
 * is a new address and visitors never see a stale mix.
 */
export const STYLESHEET = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-size:1.0625rem;line-height:1.55;background:var(--bg);color:var(--fg)}
.p-light{--bg:#f7f7f8;--card:#fff;--fg:#1c1d21;--muted:#55595f;--line:#dfe1e5}
.p-warm{--bg:#fbf6ee;--card:#fffdf9;--fg:#2b2118;--muted:#6b5a48;--line:#eadfcd}
.p-dark{--bg:#111317;--card:#1b1e24;--fg:#eceef2;--muted:#a9aeb8;--line:#2e333b}
.p-forest{--bg:#f1f6f1;--card:#fff;--fg:#15231a;--muted:#4d5f52;--line:#d5e3d7}
.f-system{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.f-serif{font-family:"Iowan Old Style","Palatino Linotype",Georgia,serif}
.f-rounded{font-family:ui-rounded,"SF Pro Rounded","Nunito","Varela Round",system-ui,sans-serif}
.f-mono{font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace}
.wrap{max-width:40rem;margin:0 auto;padding:2rem 1.25rem 3rem}
.l-wide .wrap{max-width:68rem}
@media (min-width:56rem){.l-wide .cols{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:2rem;align-items:start}}
header.top{text-align:center;margin-bottom:1.5rem}
.l-wide header.top{text-align:left;display:flex;gap:1.25rem;align-items:center}
.logo{width:96px;height:96px;border-radius:50%;object-fit:cover;background:var(--card);border:1px solid var(--line)}
h1{font-size:1.9rem;line-height:1.2;margin:.5rem 0}
h2{font-size:1.15rem;margin:0 0 .75rem}
p{margin:.5rem 0}
a{color:inherit;text-decoration-color:var(--accent);text-decoration-thickness:2px;text-underline-offset:3px}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.muted{color:var(--muted)}
section,.card{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:1.25rem;margin:0 0 1.25rem}
.links{list-style:none;padding:0;margin:0 0 1.25rem}
.links li{margin:0 0 .75rem}
.button,.links a{display:block;min-height:48px;padding:.8rem 1rem;border-radius:12px;background:var(--accent);color:var(--on-accent);text-align:center;font-weight:600;text-decoration:none}
.button{display:inline-block;border:0;font:inherit;font-weight:600;cursor:pointer}
.button.secondary{background:transparent;color:var(--fg);border:2px solid var(--accent)}
.events,.posts{list-style:none;padding:0;margin:0}
.events li,.posts li{padding:.75rem 0;border-top:1px solid var(--line)}
.events li:first-child,.posts li:first-child{border-top:0;padding-top:0}
dl.hours{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0}
dl.hours dt{font-weight:600}dl.hours dd{margin:0}
address{font-style:normal}
.hero{width:100%;height:auto;border-radius:14px;display:block;margin:0 0 1.25rem;aspect-ratio:1200/630;object-fit:cover}
.facts{display:grid;gap:.5rem;margin:.75rem 0}
.badge{display:inline-block;padding:.15rem .6rem;border-radius:999px;border:1px solid var(--line);font-size:.9rem}
form label{display:block;font-weight:600;margin:.75rem 0 .25rem}
form input[type=text],form input[type=email]{width:100%;min-height:48px;padding:.6rem .75rem;border:1px solid var(--muted);border-radius:10px;background:var(--bg);color:var(--fg);font:inherit}
form .check{display:flex;gap:.6rem;align-items:flex-start;font-weight:400}
form .check input{width:1.25rem;height:1.25rem;margin-top:.2rem}
form .button{margin-top:1rem;min-height:48px;padding:.75rem 1.5rem}
.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.error{color:#b42318;font-weight:600}.p-dark .error{color:#ff8a80}
.notice{border-left:4px solid var(--accent)}
.share{list-style:none;padding:0;margin:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.5rem}
.share .button{padding:.45rem .9rem;min-height:44px;display:inline-flex;align-items:center}
footer{margin-top:2rem;text-align:center;font-size:.95rem}
`

export const STYLESHEET_HASH = createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12)

/** Where pages link the stylesheet; any other hash answers 404 so caches never keep a wrong one. */
export const STYLESHEET_PATH = `/p/assets/pages-${STYLESHEET_HASH}.css`
