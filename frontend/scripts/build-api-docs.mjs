// Builds dist/api-docs/: the API reference page that the Go server serves at /api/docs/.
// Swagger UI comes from the swagger-ui-dist package (no CDN); our own init.js starts it, since the server's CSP
// forbids inline scripts. Run after `vite build` (npm run build does).
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, '..', 'dist', 'api-docs');
const require = createRequire(import.meta.url);
const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));

/** Where the server mounts this directory; absolute URLs keep working with or without the trailing slash. */
const BASE = '/api/docs/';
const SPEC_URL = '/api/openapi.json';

const indexHtml = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>OpsDeck API reference</title>
    <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
    <link rel="stylesheet" href="${BASE}swagger-ui.css" />
    <link rel="stylesheet" href="${BASE}api-docs.css" />
  </head>
  <body>
    <main id="swagger-ui" aria-label="OpsDeck API reference"></main>
    <script src="${BASE}swagger-ui-bundle.js"></script>
    <script src="${BASE}init.js"></script>
  </body>
</html>
`;

const initJs = `// Starts Swagger UI on the deployment's own OpenAPI document.
window.addEventListener('DOMContentLoaded', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(SPEC_URL)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    // No request to the public validator service: nothing leaves this deployment.
    validatorUrl: null,
    displayRequestDuration: true,
    tryItOutEnabled: false,
    persistAuthorization: false,
  });
});
`;

const css = `body { margin: 0; background: #fff; }
.swagger-ui .information-container { padding-top: 1rem; }
`;

await mkdir(outDir, { recursive: true });
await Promise.all([
  copyFile(path.join(swaggerDir, 'swagger-ui-bundle.js'), path.join(outDir, 'swagger-ui-bundle.js')),
  copyFile(path.join(swaggerDir, 'swagger-ui.css'), path.join(outDir, 'swagger-ui.css')),
  copyFile(path.join(swaggerDir, 'LICENSE'), path.join(outDir, 'SWAGGER-UI-LICENSE.txt')),
  writeFile(path.join(outDir, 'index.html'), indexHtml),
  writeFile(path.join(outDir, 'init.js'), initJs),
  writeFile(path.join(outDir, 'api-docs.css'), css),
]);
console.log(`api-docs: wrote ${path.relative(process.cwd(), outDir)}/ (Swagger UI ${require('swagger-ui-dist/package.json').version})`);
