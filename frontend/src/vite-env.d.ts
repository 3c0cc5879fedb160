/// <reference types="vite/client" />

/** Version of the SPA, from package.json at build time. */
declare const __APP_VERSION__: string;
