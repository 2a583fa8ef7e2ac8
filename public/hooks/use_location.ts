import { useEffect, useState } from 'react';
import type { ScopedHistory } from '@kbn/core/public';

export interface AppLocation {
  pathname: string;
  search: string;
}

/** The app-relative location, re-rendering on every navigation (back/forward included). */
export function useLocation(history: ScopedHistory): AppLocation {
  const [location, setLocation] = useState<AppLocation>(() => ({
    pathname: history.location.pathname,
    search: history.location.search,
  }));
  useEffect(() => {
    return history.listen((l) => setLocation({ pathname: l.pathname, search: l.search }));
  }, [history]);
  return location;
}
