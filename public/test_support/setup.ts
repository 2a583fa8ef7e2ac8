/** Browser APIs jsdom lacks and the app's libraries need (charts measure their container with ResizeObserver). */
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
const g = globalThis as unknown as { ResizeObserver?: unknown };
if (!g.ResizeObserver) g.ResizeObserver = NoopResizeObserver;

// Kibana's (and our e2e tests') test id attribute, so getByTestId finds the same handles a browser test uses.
require('@testing-library/react').configure({ testIdAttribute: 'data-test-subj' });
