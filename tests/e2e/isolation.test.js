// Isolation in real Chromium: a hostile host stylesheet (`* { all: unset }`, huge inherited fonts,
// !important colours and borders on every tag) does not change a pixel of the widget (screenshot
// compared with the same widget on a plain page); the widget's own styles do not reach the host's
// elements; two widgets on one page, with the bundle loaded twice, both work and stay in step.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { launch } from './browser.js';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

function pagesRoot() {
  const root = mkdtempSync(join(tmpdir(), 'runnerup-isolation-'));
  cpSync(here('../../dist/runnerup.js'), join(root, 'runnerup.js'));
  cpSync(here('../../dist/runnerup-core.wasm'), join(root, 'runnerup-core.wasm'));
  cpSync(here('../../dist/runnerup-keys.js'), join(root, 'runnerup-keys.js'));
  for (const file of readdirSync(here('./pages'))) if (file.startsWith('isolation')) cpSync(here(`./pages/${file}`), join(root, file));
  return root;
}

/** Compares two PNG screenshots pixel by pixel in the page (canvas): how many pixels differ. */
function pixelDifference(page, a, b) {
  return page.evaluate(
    async ([a64, b64]) => {
      const load = async (b64) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d');
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [x, y] = [await load(a64), await load(b64)];
      if (x.width !== y.width || x.height !== y.height) return { total: x.width * x.height, different: Infinity, maxDelta: 255 };
      let different = 0;
      let maxDelta = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        let d = 0;
        for (let c = 0; c < 4; c++) d = Math.max(d, Math.abs(x.data[i + c] - y.data[i + c]));
        if (d > 0) different++;
        maxDelta = Math.max(maxDelta, d);
      }
      return { total: x.width * x.height, different, maxDelta };
    },
    [a.toString('base64'), b.toString('base64')],
  );
}

async function openPage(b, page) {
  await b.page.goto(`${b.server.url}/${page}`);
  await b.page.waitForFunction(() => window.hostReady === true);
  const widget = b.page.locator('runnerup-pool').first();
  await widget.getByRole('row').filter({ hasText: 'Chen Wei' }).first().waitFor();
  await b.page.evaluate(() => document.fonts.ready);
  // the widget's own box (the host element's box is the page's to lay out)
  return widget.locator('section.base');
}

describe('isolation from the host page', () => {
  let root;
  let b;

  before(async () => {
    root = pagesRoot();
    b = await launch({ root });
  });

  after(async () => {
    await b?.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('a hostile host stylesheet does not change the widget (screenshots compared)', async () => {
    const plainWidget = await openPage(b, 'isolation-plain.html');
    const plain = await plainWidget.screenshot();
    const plainBox = await plainWidget.boundingBox();
    const hostileWidget = await openPage(b, 'isolation-hostile.html');
    // the hostile sheet did reach the host page's own elements
    const hostButton = await b.page.evaluate(() => getComputedStyle(document.getElementById('host-button')).fontSize);
    assert.equal(hostButton, '60px');
    const hostile = await hostileWidget.screenshot();
    const hostileBox = await hostileWidget.boundingBox();
    assert.deepEqual({ width: hostileBox.width, height: hostileBox.height }, { width: plainBox.width, height: plainBox.height });
    const diff = await pixelDifference(b.page, plain, hostile);
    console.log(`# hostile vs plain: ${diff.different} of ${diff.total} pixels differ (max channel delta ${diff.maxDelta}); boxes at y ${plainBox.y} and ${hostileBox.y}`);
    // Rendering noise only: text antialiased at another sub-pixel offset (the hostile page puts
    // the widget at a fractional y) differs in a few hundred pixels by a few shades; a changed
    // font, size, spacing or colour changes whole words and rows, far more than 0.5 %.
    if (diff.different > diff.total * 0.005) {
      writeFileSync(join(tmpdir(), 'runnerup-isolation-plain.png'), plain);
      writeFileSync(join(tmpdir(), 'runnerup-isolation-hostile.png'), hostile);
      assert.fail(`the widget looks different on the hostile page (screenshots in ${tmpdir()}/runnerup-isolation-*.png)`);
    }
    assert.deepEqual(b.errors, []);
  });

  test('the widget\'s styles do not leak into the host page', async () => {
    const styleOf = () =>
      b.page.evaluate(() => {
        const pick = (el) => {
          const s = getComputedStyle(el);
          return [s.fontFamily, s.fontSize, s.color, s.backgroundColor, s.borderTopWidth, s.padding, s.margin, s.lineHeight, s.boxSizing].join('|');
        };
        return ['host-heading', 'host-button', 'host-text'].map((id) => pick(document.getElementById(id)));
      });
    await openPage(b, 'isolation-plain.html');
    const withWidget = await styleOf();
    await b.page.evaluate(() => document.querySelector('runnerup-pool').remove());
    const without = await styleOf();
    assert.deepEqual(withWidget, without);
    // and no stylesheet was added to the document itself
    assert.equal(await b.page.evaluate(() => document.styleSheets.length), 1);
  });

  test('two widgets on one page, with the bundle loaded twice, both work and stay in step', async () => {
    b.errors.length = 0;
    await openPage(b, 'isolation-two.html');
    const widgets = b.page.locator('runnerup-pool');
    assert.equal(await widgets.count(), 2);
    for (const i of [0, 1]) await widgets.nth(i).getByRole('row').filter({ hasText: 'Chen Wei' }).waitFor();
    // a dialog in one does not open, or block, the other
    await widgets.nth(0).getByRole('button', { name: 'Record outcome' }).click();
    await widgets.nth(0).getByRole('dialog').waitFor();
    assert.equal(await widgets.nth(1).getByRole('dialog').count(), 0);
    await b.page.keyboard.press('Escape');
    // a change in the pool reaches both widgets
    await b.page.evaluate(async () => {
      const { openPool } = await import('./runnerup.js');
      const pool = await openPool({ name: 'iso-two', actor: 'recruiter-2' });
      await pool.record({ type: 'saveCandidate', candidate: { id: 'c-4', name: 'Dana Kowalska', skills: ['go'] } });
      await pool.record({ type: 'recordOutcome', outcome: { candidateId: 'c-4', requisitionId: 'req-1', stage: 'final', outcome: 'runner_up', rank: 4, reason: { code: 'stronger_candidate', note: '' }, futureFit: 'strong', note: '' } });
      pool.dispose();
    });
    for (const i of [0, 1]) await widgets.nth(i).getByRole('row').filter({ hasText: 'Dana Kowalska' }).waitFor();
    assert.equal(await b.page.evaluate(() => customElements.get('runnerup-pool') !== undefined), true);
    assert.deepEqual(b.errors, []);
    assert.deepEqual(b.foreignRequests, []);
  });
});
