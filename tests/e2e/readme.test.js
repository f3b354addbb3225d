// Every snippet in README.md, run as it stands: the HTML embedding snippet in a page of its own
// (served by the demo server: the sync server on a throwaway PostgreSQL cluster, with the demo
// ATS's /api routes), the CSS theming snippet on that page, the JS API
// snippet as a module in the page, and the CLI shell snippet with the native CLI. Not run here:
// "The two commands" (npm start / npm test: CI runs those itself) and the `bash` and `javascript`
// blocks of "Run it for a team", which need the reader's own PostgreSQL and ATS
// (tests/server/ runs the server, tokens and erasure they describe).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { startCluster } from '../../scripts/pg.mjs';
import { startDemo } from '../../scripts/demo-server.mjs';
import { launch, waitUntil } from './browser.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readme = readFileSync(join(repo, 'README.md'), 'utf8');

/** The fenced blocks of the README: {lang, code}. */
function blocks(text) {
  const out = [];
  const re = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m; (m = re.exec(text)); ) out.push({ lang: m[1], code: m[2] });
  return out;
}

const all = blocks(readme);
const of = (lang) => all.filter((b) => b.lang === lang);

test('the README has the snippets this test runs', () => {
  assert.equal(of('html').length, 1);
  assert.equal(of('css').length, 1);
  assert.equal(of('js').length, 1);
  assert.equal(of('sh').length, 2);
  assert.match(of('sh')[0].code, /^npm start/);
});

test('the CLI snippet runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runnerup-readme-cli-'));
  try {
    symlinkSync(join(repo, 'tests'), join(dir, 'tests'));
    execFileSync('bash', ['-e', '-c', of('sh')[1].code], {
      cwd: dir,
      env: { ...process.env, PATH: `${join(repo, 'build', 'native', 'cli')}:${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.match(readFileSync(join(dir, 'pool.csv'), 'utf8'), /^\uFEFFCandidate ID,Name,/);
    assert.match(readFileSync(join(dir, 'follow-ups.ics'), 'utf8'), /^BEGIN:VCALENDAR\r\n/);
    assert.ok(statSync(join(dir, 'pool.json')).size > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('the browser snippets', () => {
  let root;
  let b;
  let cluster;
  let demo;

  before(async () => {
    // a host site: the widget's three files under /runnerup/, the host's records for /api
    root = mkdtempSync(join(tmpdir(), 'runnerup-readme-'));
    mkdirSync(join(root, 'runnerup'));
    mkdirSync(join(root, 'demo'));
    for (const file of ['runnerup.js', 'runnerup-core.wasm', 'runnerup-keys.js']) copyFileSync(join(repo, 'dist', file), join(root, 'runnerup', file));
    copyFileSync(join(repo, 'dist', 'demo', 'fixture.json'), join(root, 'demo', 'fixture.json'));
    const page = (head, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>README snippet</title>${head}</head><body>${body}</body></html>`;
    writeFileSync(join(root, 'embed.html'), page('', of('html')[0].code));
    writeFileSync(join(root, 'theme.css'), of('css')[0].code);
    writeFileSync(join(root, 'themed.html'), page('<link rel="stylesheet" href="theme.css">', of('html')[0].code));
    writeFileSync(join(root, 'api.js'), of('js')[0].code);
    writeFileSync(
      join(root, 'api.html'),
      page('', '<script type="module">import("./api.js").then(() => { window.snippetDone = true; }, (e) => { window.snippetError = String(e && e.stack || e); });</script>'),
    );
    cluster = await startCluster();
    demo = await startDemo({ port: 0, databaseUrl: cluster.url, root });
    b = await launch({ server: demo });
  });

  after(async () => {
    await b?.close();
    await demo?.close();
    await cluster?.remove();
    rmSync(root, { recursive: true, force: true });
  });

  /** The event types the sync server holds for the pool `acme`. */
  async function serverTypes() {
    const token = await (await fetch(`${demo.url}/api/token?actor=readme-test&pool=acme`)).text();
    const page = await (await fetch(`${demo.url}/v1/pools/acme/events?after=0&limit=10000`, { headers: { Authorization: `Bearer ${token}` } })).json();
    return new Set(page.events.map((e) => e.type));
  }

  test('the embedding snippet: the widget opens, takes the host records and keeps the log on the sync server', async () => {
    b.errors.length = 0;
    await b.page.goto(`${b.server.url}/embed.html`);
    const widget = b.page.locator('runnerup-pool');
    await widget.getByRole('button', { name: 'Record outcome' }).waitFor();
    // the host's records were saved into the pool and reached the server through connect()
    let types = new Set();
    await waitUntil(async () => {
      types = await serverTypes();
      return types.has('candidate.saved') && types.has('requisition.saved');
    }, { message: 'candidate.saved and requisition.saved on the server' }).catch((error) => assert.fail(`${error.message}; it holds: ${[...types].join() || 'nothing'}`));
    // and the widget says it is in step with the team
    await widget.locator('#ru-sync[data-state="synced"]').waitFor();
    assert.deepEqual(b.errors, []);
    assert.deepEqual(b.foreignRequests, []);
    await b.page.goto('about:blank');
  });

  test('the theming snippet reaches the custom properties and the header part', async () => {
    b.errors.length = 0;
    await b.page.goto(`${b.server.url}/themed.html`);
    const widget = b.page.locator('runnerup-pool');
    await widget.getByRole('button', { name: 'Record outcome' }).waitFor();
    const seen = await b.page.evaluate(() => {
      const el = document.querySelector('runnerup-pool');
      const header = el.shadowRoot.querySelector('[part~="header"]');
      const style = getComputedStyle(el);
      return {
        accent: style.getPropertyValue('--runnerup-color-accent').trim(),
        font: getComputedStyle(header).fontFamily,
        headerBackground: getComputedStyle(header).backgroundColor,
      };
    });
    assert.equal(seen.accent, '#0b6e4f');
    assert.match(seen.font, /Georgia/);
    assert.equal(seen.headerBackground, 'rgb(240, 247, 244)');
    assert.deepEqual(b.errors, []);
    await b.page.goto('about:blank'); // closes the page's event stream before the next test
  });

  test('the JS API snippet runs to the end', async () => {
    b.errors.length = 0;
    await b.page.goto(`${b.server.url}/api.html`);
    await b.page.waitForFunction(() => window.snippetDone || window.snippetError, null, { timeout: 30_000 });
    assert.equal(await b.page.evaluate(() => window.snippetError ?? null), null);
    assert.deepEqual(b.errors, []);
  });
});
