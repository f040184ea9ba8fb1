import type { InspectorConfig } from './client.js';
import { CLIENT_SCRIPT } from './client-script.generated.js';

// The page ships inside the package as text: no file to copy, no run-time download, and the
// same module serves it from node:http, msw/node and the browser's service worker.

const STYLE = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --accent: #0969da; --ok: #1a7f37; --warn: #9a6700; --err: #d1242f; --current: #ddf4ff;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --accent: #4493f8; --ok: #3fb950; --warn: #d29922; --err: #f85149; --current: #0c2d6b;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
code, pre, .method, .path, .key, .num { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
a { color: var(--accent); }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: 0.25rem 0.5rem; z-index: 1; }
header { padding: 1rem 1.5rem 0.5rem; border-bottom: 1px solid var(--line); background: var(--panel); }
h1 { margin: 0; font-size: 1.3rem; }
h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
header p { margin: 0.25rem 0; }
nav { padding: 0.5rem 1.5rem; border-bottom: 1px solid var(--line); display: flex; gap: 1rem; flex-wrap: wrap; }
main { padding: 0 1.5rem 2rem; display: grid; gap: 0 2rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 1100px) { main { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } #orgs { grid-column: 1 / -1; } }
section { padding-top: 1.25rem; }
.muted { color: var(--muted); }
.error { color: var(--err); }
.actions, form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; margin: 0.5rem 0; }
label { display: inline-flex; flex-direction: column; gap: 0.15rem; font-size: 12px; color: var(--muted); }
label.check { flex-direction: row; align-items: center; gap: 0.35rem; color: var(--fg); font-size: 14px; }
input, select, button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.3rem 0.55rem; }
input[type="checkbox"] { padding: 0; }
button { cursor: pointer; background: var(--panel); }
button:hover:not(:disabled) { border-color: var(--accent); }
button:disabled { opacity: 0.55; cursor: default; }
button[aria-pressed="true"] { background: var(--current); }
button.link { border: 0; background: none; color: var(--accent); padding: 0 0.25rem; text-decoration: underline; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.3rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th.num, td.num, .num { text-align: right; }
tr[aria-current="true"] { background: var(--current); }
ol.items, ul.items { list-style: none; margin: 0; padding: 0; }
ol.items > li, ul.items > li { border-bottom: 1px solid var(--line); }
ul.items > li { display: flex; gap: 0.75rem; align-items: center; padding: 0.35rem 0; flex-wrap: wrap; }
summary { cursor: pointer; padding: 0.35rem 0.25rem; display: flex; gap: 0.75rem; flex-wrap: wrap; align-items: baseline; }
summary.grid { display: grid; grid-template-columns: 7em 4em minmax(0, 1fr) 3em 4em 5em; }
summary.grid::marker { content: none; }
summary::-webkit-details-marker { display: none; }
summary.grid .path { overflow-wrap: anywhere; }
.label { font-weight: 600; }
.status.ok { color: var(--ok); } .status.warn { color: var(--warn); } .status.err { color: var(--err); font-weight: 600; }
.key { color: var(--muted); }
pre { margin: 0 0 0.5rem; padding: 0.6rem; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; overflow: auto; max-height: 24rem; white-space: pre-wrap; overflow-wrap: anywhere; }
dl { margin: 0 0 0.5rem; display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.2rem 1rem; }
dt { color: var(--muted); } dd { margin: 0; }
.pager { display: flex; gap: 0.75rem; align-items: center; margin: 0.5rem 0; }
.head { display: grid; gap: 0.75rem; grid-template-columns: 7em 4em minmax(0, 1fr) 3em 4em 5em; padding: 0 0.25rem; font-size: 12px; color: var(--muted); border-bottom: 1px solid var(--line); }
#notice:empty { display: none; }
`;

const BODY = `
<a class="skip" href="#records">Skip to the records</a>
<header>
  <h1>Rex mock inspector <span class="muted" id="version"></span></h1>
  <p class="muted">The API under <code id="base"></code>; the admin routes under <code>/__rex/</code>.</p>
  <div class="actions" role="group" aria-label="The mock's state">
    <button type="button" id="reset">Reset to seed</button>
    <button type="button" id="download">Download snapshot</button>
    <button type="button" id="restore">Restore a snapshot…</button>
    <input type="file" id="restore-file" accept="application/json,.json" hidden aria-label="Snapshot file to restore">
    <button type="button" id="pause" aria-pressed="false">Pause live updates</button>
  </div>
  <p id="live" class="muted">Live: starting…</p>
  <p id="notice" role="status" aria-live="polite"></p>
</header>
<nav aria-label="Sections">
  <a href="#orgs">Orgs</a><a href="#records">Records</a><a href="#requests">Requests</a>
  <a href="#events">Events</a><a href="#faults">Faults</a><a href="#deliveries" id="deliveries-link" hidden>Deliveries</a>
</nav>
<main>
  <section id="orgs" aria-labelledby="orgs-h">
    <h2 id="orgs-h">Orgs</h2>
    <table id="org-table"></table>
  </section>
  <section id="records" aria-labelledby="records-h">
    <h2 id="records-h">Records</h2>
    <form id="record-form" role="search" aria-label="Records">
      <label>Org <select id="org"></select></label>
      <label>Resource <select id="resource"></select></label>
      <label>Search any field <input type="search" id="search" placeholder="email, name, id, metadata…" autocomplete="off"></label>
    </form>
    <p id="record-summary" class="muted"></p>
    <ol id="record-list" class="items"></ol>
    <div class="pager">
      <button type="button" id="prev" disabled>Previous page</button>
      <button type="button" id="next" disabled>Next page</button>
    </div>
  </section>
  <section id="requests" aria-labelledby="requests-h">
    <h2 id="requests-h">Requests</h2>
    <form id="journal-form" aria-label="Filter the requests">
      <label>Method <select id="j-method" name="method">
        <option value="">any</option><option>GET</option><option>POST</option><option>PATCH</option>
        <option>PUT</option><option>DELETE</option><option>HEAD</option><option>OPTIONS</option>
      </select></label>
      <label>Path (exact, or a prefix ending in *) <input id="j-path" name="path" placeholder="/contacts*" autocomplete="off"></label>
      <label>Status <input id="j-status" name="status" inputmode="numeric" size="5" autocomplete="off"></label>
      <button type="submit">Filter</button>
    </form>
    <p id="journal-summary" class="muted"></p>
    <div class="head" aria-hidden="true"><span>Time (UTC)</span><span>Method</span><span>Path</span><span>Status</span><span>Key</span><span class="num">Took</span></div>
    <ol id="journal-list" class="items"></ol>
  </section>
  <section id="events" aria-labelledby="events-h">
    <h2 id="events-h">Events</h2>
    <p id="event-summary" class="muted"></p>
    <ol id="event-list" class="items"></ol>
  </section>
  <section id="faults" aria-labelledby="faults-h">
    <h2 id="faults-h">Fault rules</h2>
    <p id="fault-summary" class="muted"></p>
    <ul id="fault-list" class="items"></ul>
    <h3>Add a rule</h3>
    <form id="fault-form" aria-label="Add a fault rule">
      <label>Method <select name="method">
        <option value="">any</option><option>GET</option><option>POST</option><option>PATCH</option>
        <option>PUT</option><option>DELETE</option>
      </select></label>
      <label>Path (exact) <input name="path" placeholder="/contacts" autocomplete="off"></label>
      <label>Status <input name="status" type="number" min="400" max="599" placeholder="503"></label>
      <label>Retry-After (s) <input name="retryAfter" type="number" min="0"></label>
      <label>Delay (ms) <input name="delayMs" type="number" min="0"></label>
      <label>Times <input name="times" type="number" min="1" placeholder="until removed"></label>
      <label>Probability <input name="probability" type="number" min="0" max="1" step="0.05" placeholder="1"></label>
      <label class="check"><input name="networkError" type="checkbox"> Network error</label>
      <button type="submit">Add rule</button>
    </form>
    <p id="fault-error" class="error" role="alert"></p>
  </section>
  <section id="deliveries" aria-labelledby="deliveries-h" hidden>
    <h2 id="deliveries-h">Webhook deliveries</h2>
    <p id="delivery-summary" class="muted"></p>
    <ol id="delivery-list" class="items"></ol>
  </section>
</main>
`;

/**
 * Text safe inside a `<script>`: no `</script` and no `<!--` can end or bend it. In JSON and in
 * the script's strings and regular expressions `\u003c` reads as `<`.
 */
const scriptSafe = (text: string): string => text.replace(/<(\/script|!--)/gi, '\\u003c$1');

/**
 * The inspector page: one HTML document with its style and script inline, so it needs no
 * other request and works wherever its HTML lands (a tab, an iframe's `srcdoc`).
 * @param config - What the page's script needs to know about this mock.
 * @param nonce - The Content-Security-Policy nonce of the inline style and script.
 */
export function renderInspectorPage(config: InspectorConfig, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Rex mock inspector</title>
<link rel="icon" href="data:,">
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>${BODY}<script type="application/json" id="rex-inspector-config">${scriptSafe(JSON.stringify(config))}</script>
<script nonce="${nonce}">${scriptSafe(CLIENT_SCRIPT)}</script>
</body>
</html>
`;
}
