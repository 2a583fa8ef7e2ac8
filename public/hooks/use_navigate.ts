import { useCallback } from 'react';
import { useServices } from './use_services';

export interface LinkProps {
  href: string;
  onClick: (event: React.MouseEvent) => void;
}

/**
 * Navigation inside the app: `navigate(path)` pushes onto Kibana's scoped history; `linkProps(path)` gives an anchor a
 * real href (open in new tab, copy link) while a plain click stays a client-side navigation.
 */
export function useNavigate() {
  const { history } = useServices();
  const navigate = useCallback(
    (path: string, options: { replace?: boolean } = {}) =>
      options.replace ? history.replace(path) : history.push(path),
    [history],
  );
  const linkProps = useCallback(
    (path: string): LinkProps => {
      const [pathname, search = ''] = path.split('?');
      return {
        href: history.createHref({ pathname, search: search ? `?${search}` : '' }),
        onClick: (event: React.MouseEvent) => {
          if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
          event.preventDefault();
          history.push(path);
        },
      };
    },
    [history],
  );
  return { navigate, linkProps };
}
