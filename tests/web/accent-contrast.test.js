// The accent contrast check of <runnerup-pool> (web/src/element/accent-contrast.js): WCAG 2.1's
// contrast ratio, and the shade used when the host's accent is too light or too dark to read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIN_CONTRAST, contrast, readableAccent } from '../../web/src/element/accent-contrast.js';

const WHITE = [255, 255, 255];
const BLACK = [0, 0, 0];

test('contrast ratios as WCAG 2.1 computes them', () => {
  assert.equal(contrast(BLACK, WHITE), 21);
  assert.equal(contrast(WHITE, WHITE), 1);
  assert.equal(contrast([29, 95, 209], WHITE).toFixed(2), '5.82'); // the widget's own accent
});

test('a readable accent is kept; a light one is darkened until white text and a white surface both read', () => {
  assert.deepEqual(readableAccent([29, 95, 209], [WHITE], WHITE), { rgb: [29, 95, 209], adjusted: false, ratios: { surface: contrast([29, 95, 209], WHITE), text: contrast([29, 95, 209], WHITE) } });
  const yellow = readableAccent([255, 212, 0], [WHITE, [245, 247, 250]], WHITE);
  assert.equal(yellow.adjusted, true);
  assert.ok(contrast(yellow.rgb, WHITE) >= MIN_CONTRAST && contrast(yellow.rgb, [245, 247, 250]) >= MIN_CONTRAST);
  assert.ok(yellow.rgb.every((v, i) => v <= [255, 212, 0][i]), 'darker, not another hue');
  // on a dark surface with dark button text, a dark accent is lightened
  const dark = readableAccent([20, 20, 60], [[18, 18, 18]], BLACK);
  assert.ok(contrast(dark.rgb, [18, 18, 18]) >= MIN_CONTRAST && contrast(dark.rgb, BLACK) >= MIN_CONTRAST);
  // a white accent with black button text on a white surface: the grey between reads against both
  const white = readableAccent(WHITE, [WHITE], BLACK);
  assert.ok(contrast(white.rgb, WHITE) >= MIN_CONTRAST && contrast(white.rgb, BLACK) >= MIN_CONTRAST);
});
