/**
 * The dev host's `@kbn/react-kibana-context-render`: what Kibana's page exposes as
 * `__kbnSharedDeps__.KbnReactKibanaContextRender` from 8.18.0 and 9.0.0 on (elastic/kibana PR #204794), and what
 * core's `rendering.addContext` (9.1+, PR #212163) wraps an element in. Mirrors
 * src/platform/packages/shared/react/kibana_context/render/render_provider.tsx (commit
 * 1d37b6cf65b975316d49fbfbfdb3bbd93a2c5591): `KibanaRootContextProvider` with `globalStyles={false}` (i18n context,
 * EUI provider following `theme.theme$`), then an error boundary around the children.
 *
 * Each render records which way it was reached in `window.__kbnHost__.renderContexts`, so the e2e can tell the
 * shared-deps path, the `addContext` path and the plugin's own fallback apart.
 */
import React, { useEffect, useState, type ReactNode } from 'react';
import { EuiProvider, EuiEmptyPrompt } from '@elastic/eui';

interface CoreTheme {
  darkMode: boolean;
}
export interface KibanaRenderContextProviderProps {
  i18n: { Context: React.FC<{ children?: ReactNode }> };
  theme: { theme$: { subscribe(fn: (t: CoreTheme) => void): { unsubscribe(): void } }; getTheme(): CoreTheme };
  colorMode?: 'light' | 'dark' | 'LIGHT' | 'DARK';
  children?: ReactNode;
}
export type RenderContextVia = 'KbnReactKibanaContextRender' | 'rendering.addContext';

/** KibanaErrorBoundary's job: a render error shows a prompt inside the app instead of blanking the page. */
class ErrorBoundary extends React.Component<{ children?: ReactNode }, { error?: Error }> {
  public override state: { error?: Error } = {};
  public static getDerivedStateFromError(error: Error) {
    return { error };
  }
  public override render() {
    if (!this.state.error) return this.props.children;
    return (
      <EuiEmptyPrompt
        color="danger"
        iconType="error"
        data-test-subj="errorBoundaryFatalHeader"
        title={<h2>Unable to load page</h2>}
        body={<p>{this.state.error.message}</p>}
      />
    );
  }
}

function RenderContext({
  via,
  i18n,
  theme,
  colorMode,
  children,
}: KibanaRenderContextProviderProps & { via: RenderContextVia }) {
  const [current, setCurrent] = useState<CoreTheme>(() => theme.getTheme());
  useEffect(() => {
    const subscription = theme.theme$.subscribe(setCurrent);
    return () => subscription.unsubscribe();
  }, [theme]);
  useEffect(() => {
    const host = (window as unknown as { __kbnHost__?: { renderContexts?: RenderContextVia[] } }).__kbnHost__;
    host?.renderContexts?.push(via);
  }, [via]);
  const I18nContext = i18n.Context;
  const mode = colorMode ? (colorMode.toLowerCase() as 'light' | 'dark') : current.darkMode ? 'dark' : 'light';
  return (
    <I18nContext>
      <EuiProvider colorMode={mode} globalStyles={false} utilityClasses={false}>
        <ErrorBoundary>{children}</ErrorBoundary>
      </EuiProvider>
    </I18nContext>
  );
}

/** `@kbn/react-kibana-context-render`'s export, as a plugin calls it: `<KibanaRenderContextProvider {...coreStart}>`. */
export function KibanaRenderContextProvider(props: KibanaRenderContextProviderProps) {
  return <RenderContext {...props} via="KbnReactKibanaContextRender" />;
}

/** What the host's core uses for `rendering.addContext` (Kibana's RenderingService wraps the same provider). */
export function addContextProvider(props: KibanaRenderContextProviderProps) {
  return <RenderContext {...props} via="rendering.addContext" />;
}
