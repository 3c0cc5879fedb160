// Applies the stored light/dark choice before the first paint, so the page does not flash the wrong colours.
// A separate file, not an inline script: the server's CSP allows scripts from 'self' only.
// The key must match COLOR_SCHEME_STORAGE_KEY in src/app/Providers.tsx.
(function () {
  var scheme = 'auto';
  try {
    var stored = window.localStorage.getItem('opsdeck.color-scheme');
    if (stored === 'light' || stored === 'dark' || stored === 'auto') scheme = stored;
  } catch (e) {
    // Storage unavailable: follow the system.
  }
  if (scheme === 'auto') {
    scheme = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
})();
