import { useEffect } from 'react';
import { PLUGIN_NAME } from '../../common/constants';
import { useNavigate } from './use_navigate';
import { useServices } from './use_services';

export interface Crumb {
  text: string;
  /** App-relative path; the last crumb (the current page) has none. */
  path?: string;
}

/** Kibana's breadcrumbs and the browser tab's title for the page on screen: "Alerts - BuffaLogs - Elastic". */
export function usePageChrome(crumbs: Crumb[]) {
  const { core } = useServices();
  const { linkProps } = useNavigate();
  const key = JSON.stringify(crumbs);
  useEffect(() => {
    core.chrome.setBreadcrumbs([
      { text: PLUGIN_NAME, ...linkProps('/') },
      ...crumbs.map((c) => (c.path ? { text: c.text, ...linkProps(c.path) } : { text: c.text })),
    ]);
    core.chrome.docTitle.change([...crumbs.map((c) => c.text).reverse(), PLUGIN_NAME]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [core, key, linkProps]);
}
