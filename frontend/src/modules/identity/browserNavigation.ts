/**
 * A full page load to another address (the single sign-on start, served by the API, not by the router). Its own
 * module so that tests can replace it: jsdom cannot navigate.
 */
export function loadPage(url: string): void {
  window.location.assign(url);
}
