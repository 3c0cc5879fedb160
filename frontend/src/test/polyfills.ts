// Browser behaviour that jsdom + Node lack. Loaded before any application module (see vite.config.ts setupFiles),
// because openapi-fetch captures `Request` when the client is created.

// In a browser `new Request('/api/v1/meta')` resolves against the page; Node's Request rejects relative URLs.
const NodeRequest = globalThis.Request;
class PageRelativeRequest extends NodeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === 'string' ? new URL(input, window.location.href) : input, init);
  }
}
globalThis.Request = PageRelativeRequest;

// Mantine reads matchMedia and ResizeObserver, which jsdom lacks.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  configurable: true,
  value: (query: string): MediaQueryList => ({
    matches: false,
    media: query,
    onchange: null,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- still part of the MediaQueryList interface
    addListener: () => undefined,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- still part of the MediaQueryList interface
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});

class ResizeObserverStub implements ResizeObserver {
  observe(): void {
    // jsdom has no layout: nothing ever resizes.
  }
  unobserve(): void {
    // See observe().
  }
  disconnect(): void {
    // See observe().
  }
}
globalThis.ResizeObserver = ResizeObserverStub;

// Combobox (Select, TagsInput) scrolls the active option into view.
Element.prototype.scrollIntoView = function scrollIntoView(): void {
  // jsdom has no layout to scroll.
};
