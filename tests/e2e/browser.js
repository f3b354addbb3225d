// Launch and teardown for the end-to-end tests: Debian's Chromium through playwright-core, a
// fresh profile per launch, and the dist/ server on an ephemeral port.
//
//   const b = await launch();   // { context, page, server, origin, errors, requests, foreignRequests }
//   await b.page.goto(`${b.server.url}/demo/`);
//   ...
//   await b.close();
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const CHROMIUM = process.env.RUNNERUP_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts the server and a browser with a fresh profile, and watches the page: console errors,
 * page errors, and requests to any origin other than the server's go into `errors` and
 * `foreignRequests`.
 */
export async function launch({ viewport = { width: 1280, height: 900 }, root, headers, server: shared } = {}) {
  // `root`: serve another folder than dist/ (a test page bundled by its test, tests/e2e/pages);
  // `headers(pathname)`: extra response headers for a path (a test page's Content-Security-Policy);
  // `server`: a server started by the test, shared by several browsers (left running on close)
  const server = shared ?? (await startServer({ port: 0, root, headers }));
  const profile = mkdtempSync(join(tmpdir(), 'runnerup-e2e-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
    });
  } catch (error) {
    if (!shared) await server.close();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(10_000);
  const origin = new URL(server.url).origin;
  const errors = [];
  const requests = [];
  const foreignRequests = [];
  const watch = (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      const url = request.url();
      if (url.startsWith('data:') || url === 'about:blank') return;
      requests.push(url);
      if (new URL(url).origin !== origin) foreignRequests.push(url);
    });
    page.on('requestfailed', (request) => {
      const failure = request.failure()?.errorText;
      // the host adapter's requests to the sync server (the demo's /v1 and its /api/token), cut
      // short because the page reloaded or the widget reopened (its event stream closed), are not
      // errors: the next sync catches up; nor is the key worker's script, cut short because the
      // page navigated away while the pool was opening
      const path = new URL(request.url()).pathname;
      if (failure === 'net::ERR_ABORTED' && (/^\/(api|v1)\//.test(path) || path.endsWith('/runnerup-keys.js'))) return;
      errors.push(`request failed: ${request.url()} ${failure}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());

  return {
    context,
    page,
    server,
    origin,
    errors,
    requests,
    foreignRequests,
    async close() {
      await context.close().catch(() => {});
      if (!shared) await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Polls `condition` (sync or async, run in node) until it returns a truthy value, or throws
 * `message` after `timeout` ms. Playwright's page.waitForFunction does not await an async
 * predicate (a pending promise counts as truthy), so conditions on the backend go through this.
 */
export async function waitUntil(condition, { timeout = 10_000, interval = 50, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** How many events the page's IndexedDB database `database` ("runnerup:<pool>") holds in its log. */
export function storedEventCount(page, database) {
  return page.evaluate(
    (name) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('events').objectStore('events').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
    database,
  );
}

/** Starts Chromium as our own child process (so it can be SIGKILLed) and connects over CDP. */
export async function startChromium(profile) {
  const proc = spawn(CHROMIUM, [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ws = await new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${buffer}`)), 20_000);
    proc.stderr.on('data', (chunk) => {
      buffer += chunk;
      const m = buffer.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => reject(new Error(`Chromium exited (${code}): ${buffer}`)));
  });
  const browser = await chromium.connectOverCDP(ws);
  const context = browser.contexts()[0];
  const page = context.pages()[0] ?? (await context.newPage());
  return { proc, browser, context, page };
}

/** SIGKILLs a browser started by startChromium and resolves once it has exited. */
export function killHard(proc) {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once('exit', resolve);
    process.kill(proc.pid, 'SIGKILL');
  });
}

/**
 * The events of a pool as its storage reads them back, in the page (through the widget's own
 * storage: the events about a person are stored sealed under their key).
 */
export function storedEvents(page, pool = 'acme-demo') {
  return page.evaluate(async (name) => {
    const { indexedDBStorage } = await import('/runnerup.js');
    const storage = indexedDBStorage(name);
    try {
      return await storage.loadEvents();
    } finally {
      storage.close();
    }
  }, pool);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What axe-core (WCAG 2.1 A and AA) finds wrong in the widget on the page: a line per node. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof globalThis.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await globalThis.axe.run(
      { include: [['runnerup-pool']] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] },
    );
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.help}): ${JSON.stringify(n.target)} ${n.failureSummary.replace(/\s+/g, ' ')}`));
  });
}

/** Every text of the widget: its text nodes through every shadow root, and the titles, labels and placeholders. */
export function widgetText(page) {
  return page.evaluate(() => {
    const out = [];
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        out.push(node.data);
        return;
      }
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (['STYLE', 'SCRIPT', 'TEMPLATE'].includes(node.tagName)) return;
        for (const a of ['title', 'aria-label', 'placeholder', 'alt']) if (node.hasAttribute(a)) out.push(node.getAttribute(a));
        if (node.shadowRoot) walk(node.shadowRoot);
      }
      for (const child of node.childNodes) walk(child);
    };
    walk(document.querySelector('runnerup-pool'));
    return out.join('\n');
  });
}

/** Opens a tab of the widget (`root`: its locator) by id ('pool', 'search', 'closeout', ...), in any language. */
export async function openTab(root, id) {
  await root.locator(`#ru-tab-${id}`).click();
  await root.locator(`#ru-tab-${id}[aria-selected="true"]`).waitFor();
}

/** Opens a person's card from the Pool tab. */
export async function openCard(root, id) {
  await openTab(root, 'pool');
  await root.locator(`[role=tabpanel] [data-card="${id}"]`).first().click();
  await root.locator('#ru-card-title').waitFor();
}
