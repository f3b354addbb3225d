// The widget under a host page's strict Content-Security-Policy with Trusted Types, in real
// Chromium: served with the policy README.md documents, the main journey (record a runner-up,
// see it, reload, still there) runs with no CSP violation and no console error. Served without
// 'wasm-unsafe-eval', the widget says so instead of showing a blank box.
// The pages (tests/e2e/pages/csp.html + csp-host.js) are served from a temporary folder beside
// dist/runnerup.js and its .wasm, with the policy as a response header.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { launch } from './browser.js';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

// The policy README.md ("Embed it") documents, word for word.
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; " +
  "base-uri 'none'; require-trusted-types-for 'script'; trusted-types lit-html runnerup";
const NO_WASM_CSP = STRICT_CSP.replace(" 'wasm-unsafe-eval'", '');

const POLICIES = { '/strict.html': STRICT_CSP, '/no-wasm.html': NO_WASM_CSP };

/** A folder with the bundle, its wasm, the demo's fixture and the test page under two names. */
function pagesRoot() {
  const root = mkdtempSync(join(tmpdir(), 'runnerup-csp-'));
  cpSync(here('../../dist/runnerup.js'), join(root, 'runnerup.js'));
  cpSync(here('../../dist/runnerup-core.wasm'), join(root, 'runnerup-core.wasm'));
  cpSync(here('../../dist/runnerup-keys.js'), join(root, 'runnerup-keys.js'));
  cpSync(here('../../web/demo/fixture.json'), join(root, 'fixture.json'));
  cpSync(here('./pages/csp-host.js'), join(root, 'csp-host.js'));
  for (const page of Object.keys(POLICIES)) cpSync(here('./pages/csp.html'), join(root, page));
  // a favicon from 'self' (the policy's img-src is 'self': a data: icon would be a violation)
  writeFileSync(join(root, 'favicon.ico'), Buffer.alloc(0));
  return root;
}

/**
 * Records every securitypolicyviolation, and the codes of runnerup-error events, in the page
 * from before its first script runs.
 */
async function watchViolations(page) {
  await page.addInitScript(() => {
    globalThis.__cspViolations = [];
    globalThis.__errorCodes = [];
    document.addEventListener('runnerup-error', (e) => globalThis.__errorCodes.push(e.detail.code));
    document.addEventListener('securitypolicyviolation', (e) => {
      globalThis.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    });
  });
}
const violations = (page) => page.evaluate(() => globalThis.__cspViolations ?? ['(the watcher did not run)']);

describe('a host page with a strict Content-Security-Policy and Trusted Types', () => {
  let root;
  let b;
  before(async () => {
    root = pagesRoot();
    b = await launch({ root, headers: (pathname) => (POLICIES[pathname] ? { 'Content-Security-Policy': POLICIES[pathname] } : {}) });
    await watchViolations(b.page);
  });
  after(async () => {
    await b?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('README.md documents this very policy', () => {
    assert.ok(readFileSync(here('../../README.md'), 'utf8').includes(`Content-Security-Policy: ${STRICT_CSP}\n`));
  });

  test('the policy is enforced: an inline style attribute is refused and reported', async () => {
    const response = await b.page.goto(`${b.server.url}/strict.html`);
    assert.equal(response.headers()['content-security-policy'], STRICT_CSP);
    const ran = await b.page.evaluate(() => {
      // a violation of our own making proves the watcher sees what the policy blocks
      const s = document.createElement('div');
      s.setAttribute('style', 'color: red');
      document.body.append(s);
      const applied = getComputedStyle(s).color === 'rgb(255, 0, 0)';
      s.remove();
      return applied;
    });
    assert.equal(ran, false, 'style-src without unsafe-inline blocks style attributes');
    await b.page.waitForFunction(() => globalThis.__cspViolations.length > 0);
    assert.match((await violations(b.page)).join('\n'), /style-src/);
    // let the widget finish loading (its .wasm), so the next test's navigation aborts nothing
    await b.page.locator('runnerup-pool').getByRole('button', { name: 'Record outcome', exact: true }).waitFor();
    b.errors.length = 0;
  });

  test('record a runner-up, see it, reload, still there: no CSP violation, no console error', async () => {
    const { page } = b;
    await page.goto(`${b.server.url}/strict.html`);
    const widget = page.locator('runnerup-pool');
    await widget.getByRole('button', { name: 'Record outcome', exact: true }).waitFor();
    await page.waitForFunction(() => document.querySelector('runnerup-pool').shadowRoot.querySelector('#ru-filter')?.options.length >= 4);

    await widget.getByRole('button', { name: 'Record outcome', exact: true }).click();
    const dialog = widget.locator('dialog');
    await dialog.getByLabel('Candidate', { exact: true }).selectOption({ label: 'José Müller-García' });
    await dialog.getByLabel('Reason', { exact: true }).selectOption({ label: 'Stronger candidate selected' });
    await dialog.getByLabel('Future fit').selectOption({ label: 'Strong fit' });
    await dialog.getByRole('button', { name: 'Save to pool' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = widget.locator('tbody tr', { hasText: 'José Müller-García' });
    await row.waitFor();
    assert.equal(await widget.locator('tbody tr').count(), 1);

    // every tab renders under the policy too (styles, SVG charts, the import view's elements)
    for (const name of ['Search', 'Next in line', 'Follow-ups', 'Feedback owed', 'Insights', 'Retention', 'Import / export', 'Pool']) {
      await widget.getByRole('tab', { name, exact: true }).click();
      await widget.locator('[role="tab"][aria-selected="true"]', { hasText: name }).waitFor();
    }
    // the candidate card with its privacy panel
    await widget.getByRole('button', { name: 'José Müller-García', exact: true }).click();
    await widget.locator('[data-card-of]').locator('runnerup-privacy-panel').getByRole('heading', { name: 'Retention' }).waitFor();

    await page.reload();
    await widget.locator('tbody tr', { hasText: 'José Müller-García' }).waitFor();
    assert.equal(await widget.locator('tbody tr').count(), 1);
    // the widget's styles applied (adoptedStyleSheets are not inline styles)
    const accent = await widget.getByRole('button', { name: 'Record outcome', exact: true }).evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(accent, 'rgb(29, 95, 209)');
    // the key worker ran under the policy (through the `runnerup` Trusted Types policy): the
    // pool's key file holds keys, so the pool is stored sealed
    const keyBytes = await page.evaluate(async () => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('runnerup-keys');
      let size = 0;
      for await (const entry of dir.values()) size += (await entry.getFile()).size;
      return size;
    });
    assert.ok(keyBytes >= 64, `the key file holds ${keyBytes} bytes`);

    assert.deepEqual(await violations(page), []);
    assert.deepEqual(b.errors, []);
    assert.deepEqual(b.foreignRequests, []);
  });

  test("without 'wasm-unsafe-eval' the widget says what the host must add, instead of a blank box", async () => {
    const { page } = b;
    await page.goto(`${b.server.url}/no-wasm.html`);
    const alert = page.locator('runnerup-pool').getByRole('alert');
    await alert.getByText("add 'wasm-unsafe-eval' to script-src").waitFor();
    assert.match(await alert.innerText(), /Content-Security-Policy does not allow WebAssembly/);
    assert.deepEqual(await page.evaluate(() => globalThis.__errorCodes), ['csp_blocks_wasm']);
    // the only violation is the one the host must fix
    const seen = await violations(page);
    assert.ok(seen.length > 0);
    for (const v of seen) assert.match(v, /^script-src/, v);
  });
});
