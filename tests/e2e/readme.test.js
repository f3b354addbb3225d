// Every snippet in README.md, run as it stands. The files of "Embed it" (each block below its
// `<!-- file: NAME -->` marker: embed.html, host.js, theme.css, headers.txt) are copied into a
// page of their own, served by the demo server (the sync server on a throwaway PostgreSQL
// cluster, with the demo ATS's /api routes and the widget's files under /runnerup/) with the
// README's response header and a hostile stylesheet, and the recruiter's journey runs in
// Chromium: the widget starts, the host's candidates appear, an outcome is recorded and reaches
// the server, and an error the widget fires at once (no actor, no 'wasm-unsafe-eval') reaches the
// README's listener. The JS API file (api.js) runs as a module in a page, and the CLI shell
// snippet with the native CLI. Not run here: "The two commands" (npm start / npm test: CI runs
// those itself) and the `bash` and `javascript` blocks of "Run it for a team", which need the
// reader's own PostgreSQL and ATS (tests/server/ runs the server, tokens and erasure they
// describe).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { startCluster } from '../../scripts/pg.mjs';
import { startDemo } from '../../scripts/demo-server.mjs';
import { startServer } from '../../scripts/serve.mjs';
import { launch, waitUntil } from './browser.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readme = readFileSync(join(repo, 'README.md'), 'utf8');

/** The fenced blocks of the README: {lang, code, file} (`file`: the name its marker gives, if any). */
function blocks(text) {
  const out = [];
  const re = /^(?:<!-- file: ([\w.-]+) -->\n)?```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m; (m = re.exec(text)); ) out.push({ file: m[1] ?? null, lang: m[2], code: m[3] });
  return out;
}

const all = blocks(readme);
const of = (lang) => all.filter((b) => b.lang === lang && !b.file);
/** The README's file `name`, as it stands. */
const file = (name) => {
  const found = all.filter((b) => b.file === name);
  assert.equal(found.length, 1, `README.md has one block marked <!-- file: ${name} -->`);
  return found[0].code;
};

/** The response headers of headers.txt ("Name: value" lines). */
function headersOf(text) {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]),
  );
}

// What a careless host stylesheet does to everything it can reach, the widget's element included.
const HOSTILE_CSS = `
html, body { font-family: "Courier New", monospace; font-size: 22px; line-height: 3; letter-spacing: 4px;
  word-spacing: 10px; text-transform: uppercase; font-style: italic; color: #ff00ff; text-align: right;
  text-indent: 30px; white-space: pre; }
runnerup-pool { font-family: "Courier New", monospace; color: red; letter-spacing: 6px; line-height: 4;
  text-transform: uppercase; font-size: 30px; --_accent: #ff0000; --_surface: #000000; --_radius: 40px; }
* { box-sizing: content-box; }
button { background: yellow !important; }
`;

test('the README has the snippets and files this test runs', () => {
  for (const name of ['embed.html', 'host.js', 'theme.css', 'headers.txt', 'api.js']) file(name);
  assert.equal(of('sh').length, 2);
  assert.match(of('sh')[0].code, /^npm start/);
  // the page loads the host's script as an external module: the policy allows no inline script
  assert.doesNotMatch(file('embed.html'), /<script(?![^>]*\bsrc=)[^>]*>/);
  assert.match(headersOf(file('headers.txt'))['Content-Security-Policy'], /script-src 'self' 'wasm-unsafe-eval'/);
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

test("both servers answer the README's paths for the widget's files", async () => {
  const paths = { '/runnerup/runnerup.js': /^text\/javascript/, '/runnerup/runnerup-core.wasm': /^application\/wasm/, '/runnerup/runnerup-keys.js': /^text\/javascript/ };
  const cluster = await startCluster();
  const servers = [];
  try {
    servers.push(await startServer({ port: 0 }));
    servers.push(await startDemo({ port: 0, databaseUrl: cluster.url }));
    for (const server of servers) {
      for (const [path, type] of Object.entries(paths)) {
        const response = await fetch(`${server.url}${path}`);
        assert.equal(response.status, 200, `${server.url}${path}`);
        assert.match(response.headers.get('content-type'), type);
        assert.deepEqual(new Uint8Array(await response.arrayBuffer()), new Uint8Array(readFileSync(join(repo, 'dist', path.slice('/runnerup/'.length)))));
      }
    }
    // and the demo server the host's /api paths host.js fetches
    const demo = servers[1];
    for (const path of ['/api/candidates', '/api/requisitions']) assert.ok((await (await fetch(`${demo.url}${path}`)).json()).length > 0, path);
    assert.equal((await fetch(`${demo.url}/api/token?actor=recruiter-42&pool=acme`)).status, 200);
  } finally {
    for (const server of servers) await server.close();
    await cluster.remove();
  }
});

describe('the browser snippets', () => {
  let root;
  let b;
  let cluster;
  let demo;
  const headers = headersOf(file('headers.txt'));
  const csp = headers['Content-Security-Policy'];
  const noWasm = csp.replace(" 'wasm-unsafe-eval'", '');
  const policies = {
    '/embed.html': headers,
    '/themed.html': headers,
    '/no-actor.html': headers,
    '/no-wasm.html': { ...headers, 'Content-Security-Policy': noWasm },
  };
  /** The console's warnings and infos, as the README's listeners write them. */
  const consoleLines = [];

  before(async () => {
    // a host site: the widget's three files as dist/ has them (the servers answer /runnerup/ with
    // them), the host's files from the README, the records /api answers
    root = mkdtempSync(join(tmpdir(), 'runnerup-readme-'));
    mkdirSync(join(root, 'demo'));
    for (const name of ['runnerup.js', 'runnerup-core.wasm', 'runnerup-keys.js']) copyFileSync(join(repo, 'dist', name), join(root, name));
    copyFileSync(join(repo, 'dist', 'demo', 'fixture.json'), join(root, 'demo', 'fixture.json'));
    // a favicon from 'self' (the policy's default-src is 'self': a data: icon would be a violation)
    writeFileSync(join(root, 'favicon.ico'), Buffer.alloc(0));
    writeFileSync(join(root, 'host.js'), file('host.js'));
    writeFileSync(join(root, 'theme.css'), file('theme.css'));
    writeFileSync(join(root, 'hostile.css'), HOSTILE_CSS);
    const page = (head, body) =>
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="/favicon.ico"><title>README snippet</title>` +
      `<link rel="stylesheet" href="/hostile.css">${head}</head><body><h1>Senior Backend Engineer</h1>${body}</body></html>`;
    const embed = file('embed.html');
    writeFileSync(join(root, 'embed.html'), page('', embed));
    writeFileSync(join(root, 'themed.html'), page('<link rel="stylesheet" href="/theme.css">', embed));
    writeFileSync(join(root, 'no-wasm.html'), page('', embed));
    // the README's page with its actor left out: the widget says so at once
    assert.match(embed, / actor="[^"]*"/);
    writeFileSync(join(root, 'no-actor.html'), page('', embed.replace(/ actor="[^"]*"/, '')));
    writeFileSync(join(root, 'api.js'), file('api.js'));
    writeFileSync(
      join(root, 'api.html'),
      page('', '<script type="module">import("./api.js").then(() => { window.snippetDone = true; }, (e) => { window.snippetError = String(e && e.stack || e); });</script>'),
    );
    cluster = await startCluster();
    demo = await startDemo({ port: 0, databaseUrl: cluster.url, root, headers: (pathname) => policies[pathname] });
    b = await launch({ server: demo });
    b.page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'info') consoleLines.push(message.text());
    });
    await b.page.addInitScript(() => {
      globalThis.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        globalThis.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
  });

  after(async () => {
    await b?.close();
    await demo?.close();
    await cluster?.remove();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** The event types the sync server holds for the pool `acme`. */
  async function serverTypes() {
    const token = await (await fetch(`${demo.url}/api/token?actor=readme-test&pool=acme`)).text();
    const page = await (await fetch(`${demo.url}/v1/pools/acme/events?after=0&limit=10000`, { headers: { Authorization: `Bearer ${token}` } })).json();
    return new Set(page.events.map((e) => e.type));
  }

  const violations = () => b.page.evaluate(() => globalThis.__cspViolations);

  test("the README's page under its policy and a hostile stylesheet: the widget starts, takes the host's candidates, records an outcome that reaches the sync server", async () => {
    b.errors.length = 0;
    const response = await b.page.goto(`${b.server.url}/embed.html`);
    assert.equal(response.headers()['content-security-policy'], csp);
    const widget = b.page.locator('runnerup-pool');
    await widget.getByRole('button', { name: 'Record outcome', exact: true }).waitFor();
    // the host's candidates and requisitions, handed over by host.js, are offered
    await b.page.waitForFunction(() => document.querySelector('runnerup-pool').shadowRoot.querySelector('#ru-filter')?.options.length >= 4);
    await widget.getByRole('button', { name: 'Record outcome', exact: true }).click();
    const dialog = widget.locator('dialog');
    await dialog.getByLabel('Candidate', { exact: true }).selectOption({ label: 'José Müller-García' });
    await dialog.getByLabel('Reason', { exact: true }).selectOption({ label: 'Stronger candidate selected' });
    await dialog.getByRole('button', { name: 'Save to pool' }).click();
    await dialog.waitFor({ state: 'detached' });
    await widget.locator('tbody tr', { hasText: 'José Müller-García' }).waitFor();

    let types = new Set();
    await waitUntil(async () => {
      types = await serverTypes();
      return types.has('candidate.saved') && types.has('requisition.saved') && types.has('outcome.recorded');
    }, { message: 'the host records and the outcome on the server' }).catch((error) => assert.fail(`${error.message}; it holds: ${[...types].join() || 'nothing'}`));
    await widget.locator('#ru-sync[data-state="synced"]').waitFor();
    // the pool is kept by the host: no reminder to export
    assert.equal(await widget.getByRole('note').count(), 0);

    // the hostile stylesheet reached the page, not the widget
    const seen = await b.page.evaluate(() => {
      const el = document.querySelector('runnerup-pool');
      const pick = (node) => {
        const s = getComputedStyle(node);
        return { font: s.fontFamily, size: s.fontSize, color: s.color, spacing: s.letterSpacing, words: s.wordSpacing, transform: s.textTransform, style: s.fontStyle, lineHeight: s.lineHeight, whiteSpace: s.whiteSpace, indent: s.textIndent };
      };
      return {
        page: pick(document.querySelector('h1')),
        title: pick(el.shadowRoot.querySelector('#ru-title')),
        cell: pick(el.shadowRoot.querySelector('tbody td')),
        button: getComputedStyle(el.shadowRoot.querySelector('#ru-open-form')).backgroundColor,
        surface: getComputedStyle(el.shadowRoot.querySelector('.base')).backgroundColor,
      };
    });
    assert.match(seen.page.font, /Courier New/);
    assert.equal(seen.page.transform, 'uppercase');
    for (const [where, s] of Object.entries({ title: seen.title, cell: seen.cell })) {
      assert.doesNotMatch(s.font, /Courier|monospace/, `${where}: ${JSON.stringify(s)}`);
      assert.match(s.font, /system-ui/, `${where}: ${JSON.stringify(s)}`);
      assert.equal(s.color, 'rgb(31, 41, 51)', where);
      assert.equal(s.spacing, 'normal', where);
      assert.equal(s.words, '0px', where);
      assert.equal(s.transform, 'none', where);
      assert.equal(s.style, 'normal', where);
      assert.equal(s.whiteSpace, 'normal', where);
      assert.equal(s.indent, '0px', where);
    }
    assert.equal(seen.cell.size, '14px');
    assert.equal(seen.button, 'rgb(29, 95, 209)', 'a page rule on the element set the private --_accent');
    assert.equal(seen.surface, 'rgb(255, 255, 255)');

    assert.deepEqual(await violations(), []);
    assert.deepEqual(b.errors, []);
    assert.deepEqual(b.foreignRequests, []);
    await b.page.goto('about:blank'); // closes the page's event stream before the next test
  });

  test("an error the widget fires at once reaches host.js's listener: the page without its actor", async () => {
    consoleLines.length = 0;
    b.errors.length = 0;
    await b.page.goto(`${b.server.url}/no-actor.html`);
    await b.page.locator('runnerup-pool').getByRole('alert').getByText('set the actor attribute').waitFor();
    await waitUntil(() => consoleLines.some((line) => line.startsWith('runnerup-error missing_field /actor')), {
      message: "host.js's runnerup-error listener to log missing_field",
    }).catch(() => assert.fail(`host.js's listener did not hear the error; the console said: ${JSON.stringify(consoleLines)}`));
    assert.deepEqual(await violations(), []);
    await b.page.goto('about:blank');
  });

  test("an error the widget fires at once reaches host.js's listener: a policy without 'wasm-unsafe-eval'", async () => {
    consoleLines.length = 0;
    await b.page.goto(`${b.server.url}/no-wasm.html`);
    await b.page.locator('runnerup-pool').getByRole('alert').getByText("add 'wasm-unsafe-eval' to script-src").waitFor();
    await waitUntil(() => consoleLines.some((line) => line.startsWith('runnerup-error csp_blocks_wasm')), {
      message: "host.js's runnerup-error listener to log csp_blocks_wasm",
    }).catch(() => assert.fail(`host.js's listener did not hear the error; the console said: ${JSON.stringify(consoleLines)}`));
    // the only violation is the one the host must fix
    for (const v of await violations()) assert.match(v, /^script-src/, v);
    await b.page.goto('about:blank');
    b.errors.length = 0;
  });

  test('the theming file reaches the custom properties and the header part', async () => {
    b.errors.length = 0;
    await b.page.goto(`${b.server.url}/themed.html`);
    const widget = b.page.locator('runnerup-pool');
    await widget.getByRole('button', { name: 'Record outcome', exact: true }).waitFor();
    const seen = await b.page.evaluate(() => {
      const el = document.querySelector('runnerup-pool');
      const header = el.shadowRoot.querySelector('[part~="header"]');
      return {
        accent: getComputedStyle(el).getPropertyValue('--runnerup-color-accent').trim(),
        button: getComputedStyle(el.shadowRoot.querySelector('#ru-open-form')).backgroundColor,
        font: getComputedStyle(header).fontFamily,
        headerBackground: getComputedStyle(header).backgroundColor,
      };
    });
    assert.equal(seen.accent, '#0b6e4f');
    assert.equal(seen.button, 'rgb(11, 110, 79)');
    assert.match(seen.font, /Georgia/);
    assert.equal(seen.headerBackground, 'rgb(240, 247, 244)');
    assert.deepEqual(await violations(), []);
    assert.deepEqual(b.errors, []);
    await b.page.goto('about:blank');
  });

  test('the JS API file runs to the end', async () => {
    b.errors.length = 0;
    await b.page.goto(`${b.server.url}/api.html`);
    await b.page.waitForFunction(() => window.snippetDone || window.snippetError, null, { timeout: 30_000 });
    assert.equal(await b.page.evaluate(() => window.snippetError ?? null), null);
    assert.deepEqual(b.errors, []);
  });
});
