// The host's accent colour, kept readable (a Lit reactive controller of <runnerup-pool>): the
// accent is the primary buttons' background (under --runnerup-color-accent-contrast text) and
// the colour of links on the widget's surface and of the selected tab on its subtle background.
// When the page's --runnerup-color-accent has less than WCAG AA's 4.5:1 against any of them, the widget uses the
// nearest darker (or lighter) shade that has it, and says so once in the console. Presentation
// only: no rule of the pool depends on it.
import { translator } from '../i18n/index.js';

/** WCAG 2.1's minimum contrast for text (AA). */
export const MIN_CONTRAST = 4.5;

/** [r, g, b] (0-255) of a CSS colour, or null when it is not an opaque colour the canvas reads. */
export function parseColor(text, context = colorContext()) {
  if (!text || !context) return null;
  context.fillStyle = '#010203';
  context.fillStyle = text; // an unreadable colour leaves the marker
  const value = String(context.fillStyle);
  if (value === '#010203' && !/^#010203$/i.test(text.trim())) return null;
  let m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value);
  if (m) return m.slice(1).map((h) => parseInt(h, 16));
  m = /^rgba\(\s*(\d+),\s*(\d+),\s*(\d+),\s*([\d.]+)\s*\)$/.exec(value);
  if (m && Number(m[4]) === 1) return m.slice(1, 4).map(Number);
  return null; // translucent: its contrast depends on what is under it
}

let context;
function colorContext() {
  if (context === undefined) context = globalThis.document?.createElement?.('canvas')?.getContext?.('2d') ?? null;
  return context;
}

/** WCAG 2.1 relative luminance of [r, g, b]. */
function luminance(rgb) {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1 contrast ratio of two colours (1 to 21). */
export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));
const hex = (rgb) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/**
 * The accent to use: `accent` itself when it has MIN_CONTRAST against `text` (the primary
 * buttons' text on it) and every one of `backgrounds` (links on the surface, the selected tab on
 * the subtle background), else the first shade towards black or white (in steps of 2 %) that
 * has, the one nearer the original; null when none has. `ratios`: the given accent's, against
 * the background it reads worst on and against the text.
 * @returns {{rgb: number[], adjusted: boolean, ratios: {surface: number, text: number}} | null}
 */
export function readableAccent(accent, backgrounds, text) {
  const ratios = (c) => ({ surface: Math.min(...backgrounds.map((b) => contrast(c, b))), text: contrast(c, text) });
  const fine = (c) => {
    const r = ratios(c);
    return r.surface >= MIN_CONTRAST && r.text >= MIN_CONTRAST;
  };
  if (fine(accent)) return { rgb: accent, adjusted: false, ratios: ratios(accent) };
  for (let step = 1; step <= 50; step++) {
    for (const toward of [[0, 0, 0], [255, 255, 255]]) {
      const c = mix(accent, toward, step / 50);
      if (fine(c)) return { rgb: c, adjusted: true, ratios: ratios(accent) };
    }
  }
  return null;
}

export class AccentContrast {
  #host;
  #seen = '';

  /** @param {import('lit').ReactiveControllerHost & HTMLElement} host */
  constructor(host) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdated() {
    const base = this.#host.renderRoot?.querySelector?.('.base');
    if (!base || typeof getComputedStyle !== 'function') return;
    const style = getComputedStyle(base);
    const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    const given = {
      accent: read('--runnerup-color-accent', ''),
      surface: read('--runnerup-color-surface', '#ffffff'),
      subtle: read('--runnerup-color-subtle', '#f5f7fa'),
      text: read('--runnerup-color-accent-contrast', '#ffffff'),
    };
    const key = JSON.stringify(given);
    if (key === this.#seen) return;
    this.#seen = key;
    base.style.removeProperty('--_accent');
    if (!given.accent) return; // the widget's own accent
    const [accent, surface, subtle, text] = [given.accent, given.surface, given.subtle, given.text].map((c) => parseColor(c));
    if (!accent || !surface || !subtle || !text) return;
    const found = readableAccent(accent, [surface, subtle], text);
    if (!found || !found.adjusted) return;
    const use = hex(found.rgb);
    // CSSOM, not a style attribute: allowed under a policy without 'unsafe-inline' styles
    base.style.setProperty('--_accent', use);
    // in English, as the runnerup-error event's message: the page's developers read it
    const { t } = translator('en');
    console.warn(
      t('theme.accentAdjusted', {
        given: given.accent,
        surface: `${given.surface}, ${given.subtle}`,
        text: given.text,
        surfaceRatio: found.ratios.surface.toFixed(2),
        textRatio: found.ratios.text.toFixed(2),
        min: MIN_CONTRAST,
        used: use,
      }),
    );
  }
}
