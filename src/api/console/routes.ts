/**
 * The web console, served by Vigil itself: `/assets/*` (hashed build files, cached for a year) and
 * the console's pages (`/search`, `/detections/…`: index.html, never cached, so a new build is
 * picked up at the next load). `/` is in `ops/routes.ts` (the console when built, else the
 * landing page). Every route is public: the page itself holds no data; the app it loads calls the
 * API, which is authenticated. Other unknown paths keep answering 404 problems.
 */
import { VigilError } from '../../core/errors.ts';
import { defineRoute } from '../route.ts';
import { CONSOLE_PAGES, ConsoleFiles } from './files.ts';

export { CONSOLE_PAGES, ConsoleFiles, DEFAULT_CONSOLE_DIR } from './files.ts';

const PAGES: ReadonlySet<string> = new Set(CONSOLE_PAGES);
const IMMUTABLE = 'public, max-age=31536000, immutable';

const notFound = (path: string) => new VigilError('not_found', `no route GET ${path}`);

export function consoleRoutes(files: ConsoleFiles = new ConsoleFiles()) {
  return [
    defineRoute({
      method: 'GET',
      url: '/assets/*',
      summary: "The web console's built files (content-hashed names, cached for a year)",
      tags: ['console'],
      access: { kind: 'public' },
      responses: { 200: 'a JavaScript, CSS, font or image file', 404: 'problem' },
      handler: ({ request, reply }) => {
        const path = (request.params as { '*'?: string })['*'] ?? '';
        const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
        const file = files.asset(path, gzip);
        if (!file) throw notFound(`/assets/${path}`);
        reply.header('cache-control', IMMUTABLE).header('vary', 'accept-encoding');
        reply.header('content-length', file.size);
        if (file.encoding) reply.header('content-encoding', file.encoding);
        return reply.type(file.type).send(file.stream);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/*',
      summary: "The web console's pages (client-side routes such as /search): its index.html",
      tags: ['console'],
      access: { kind: 'public' },
      responses: { 200: 'HTML', 404: 'problem' },
      handler: ({ request, reply }) => {
        const path = request.url.split('?')[0] ?? '/';
        const section = path.split('/')[1] ?? '';
        if (!PAGES.has(section)) throw notFound(path);
        const html = files.indexHtml();
        if (html === null)
          throw new VigilError(
            'not_found',
            `the web console is not built here: run "npm run build:web" (npm start builds it), then reload ${path}`,
          );
        return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
      },
    }),
  ];
}
