// A tiny static server for dist/ (no dependencies): `npm run serve` or, in tests,
//   const server = await startServer({ port: 0 });   // ephemeral port
//   await page.goto(`${server.url}/demo/`); ... await server.close();
// It runs no sync server, so the demo page it serves keeps its pool in the browser alone: its
// /demo/connect.js (which wires the widgets to the team's server under `npm start`,
// scripts/demo-server.mjs) is answered here by a module that only picks the recruiter.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_ROOT = resolve(here, '..', 'dist');

/** The demo's /demo/connect.js without a sync server: the recruiter from ?as=, no host. */
const BROWSER_ONLY_CONNECT = `// Served by scripts/serve.mjs, which runs no sync server: this pool stays in this browser.
import { applyRecruiter } from './recruiter.js';

applyRecruiter(document.querySelectorAll('runnerup-pool'));
`;

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Serves `root` on 127.0.0.1.
 * @param {{port?: number, root?: string, host?: string, headers?: (pathname: string) => Record<string, string> | undefined}} [options]
 *   port 0 picks a free port; `headers` (tests) adds response headers for a path, e.g. a
 *   Content-Security-Policy for one test page
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>}>}
 */
export function startServer({ port = 8080, root = DEFAULT_ROOT, host = '127.0.0.1', headers } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      if (new URL(req.url, 'http://localhost').pathname === '/demo/connect.js' && (req.method === 'GET' || req.method === 'HEAD')) {
        res.writeHead(200, { 'Content-Type': MIME_TYPES['.js'], 'Cache-Control': 'no-cache', ...(headers?.('/demo/connect.js') ?? {}) });
        res.end(req.method === 'HEAD' ? undefined : BROWSER_ONLY_CONNECT);
        return;
      }
      await serveStatic(req, res, base, headers);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    }
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actual = server.address().port;
      resolvePromise({
        url: `http://${host}:${actual}`,
        port: actual,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * The widget's files as README.md ("Embed it") has a host page load them: /runnerup/runnerup.js
 * and the .wasm and the key worker beside it, answered with dist/'s (the demo page loads /runnerup.js).
 */
const WIDGET_PATHS = new Map(['runnerup.js', 'runnerup.js.map', 'runnerup-core.wasm', 'runnerup-keys.js'].map((file) => [`/runnerup/${file}`, `/${file}`]));

/**
 * Answers a GET or HEAD for a file under `base` (a folder answers its index.html; `/` redirects
 * to the demo; nothing outside `base`; /runnerup/runnerup.js and its .wasm are dist/'s, as
 * README.md's host page loads them), with the project's MIME types; `headers(pathname)` adds
 * response headers. Shared by this server and the sync server's demo (scripts/demo-server.mjs).
 */
export async function serveStatic(req, res, base, headers) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('method not allowed\n');
    return;
  }
  const url = new URL(req.url, 'http://localhost');
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return notFound(res);
  }
  if (pathname === '/') {
    res.writeHead(302, { Location: '/demo/' });
    res.end();
    return;
  }
  // README.md's paths: the widget's files under /runnerup/, as an ATS serves them
  const widgetFile = WIDGET_PATHS.get(pathname);
  if (widgetFile) pathname = widgetFile;
  let file = resolve(base, `.${pathname}`);
  if (file !== base && !file.startsWith(base + sep)) return notFound(res);
  let info = await stat(file).catch(() => null);
  if (info && info.isDirectory()) {
    if (!pathname.endsWith('/')) {
      res.writeHead(301, { Location: `${url.pathname}/${url.search}` });
      res.end();
      return;
    }
    file = join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info || !info.isFile()) return notFound(res);
  res.writeHead(200, {
    'Content-Type': MIME_TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    ...(headers?.(pathname) ?? {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

function notFound(res) {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('not found\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const port = Number(process.env.PORT ?? 8080);
  const server = await startServer({ port }).catch((error) => {
    console.error(`runnerup demo: cannot listen on 127.0.0.1:${port}: ${error.message}`);
    process.exit(1);
  });
  console.log(`runnerup demo: ${server.url}/demo/`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
