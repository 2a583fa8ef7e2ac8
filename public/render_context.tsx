import React, { useEffect, useState, type ReactElement, type ReactNode } from 'react';
import { EuiProvider } from '@elastic/eui';
import type { CoreStart, CoreTheme } from '@kbn/core/public';

/** `__kbnSharedDeps__.KbnReactKibanaContextRender` exists only on recent Kibana versions (facts §3.5, §3.7). */
interface RenderContextModule {
  KibanaRenderContextProvider: (props: CoreStart & { children: ReactNode }) => ReactElement;
}
declare global {
  interface Window {
    __kbnSharedDeps__?: { KbnReactKibanaContextRender?: RenderContextModule };
  }
}

/**
 * Wraps the app in Kibana's root providers (EUI theme, i18n, error boundary), whichever way this Kibana offers them:
 * `rendering.addContext` (9.1+), else the shared render-context package, else EUI's provider following `theme$`.
 */
export function wrapWithKibanaContext(core: CoreStart, app: ReactElement): ReactElement {
  if (core.rendering?.addContext) {
    return core.rendering.addContext(app);
  }
  const shared = typeof window !== 'undefined' ? window.__kbnSharedDeps__?.KbnReactKibanaContextRender : undefined;
  if (shared) {
    return <shared.KibanaRenderContextProvider {...core}>{app}</shared.KibanaRenderContextProvider>;
  }
  return <FallbackProvider core={core}>{app}</FallbackProvider>;
}

function FallbackProvider({ core, children }: { core: CoreStart; children: ReactNode }) {
  const [theme, setTheme] = useState<CoreTheme>(() => core.theme.getTheme());
  useEffect(() => {
    const subscription = core.theme.theme$.subscribe(setTheme);
    return () => subscription.unsubscribe();
  }, [core.theme]);
  const I18nContext = core.i18n.Context;
  return (
    <I18nContext>
      {/* Kibana has already injected the global styles; injecting them again would restyle the whole page. */}
      <EuiProvider colorMode={theme.darkMode ? 'dark' : 'light'} globalStyles={false} utilityClasses={false}>
        {children}
      </EuiProvider>
    </I18nContext>
  );
}
