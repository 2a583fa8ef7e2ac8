import { createContext } from 'react';
import type { CoreStart, ScopedHistory } from '@kbn/core/public';
import type { BuffalogsApi } from './services/buffalogs_api';

/** What every page needs, handed down once instead of through each component's props. */
export interface AppServices {
  core: CoreStart;
  api: BuffalogsApi;
  history: ScopedHistory;
}

export const AppContext = createContext<AppServices | null>(null);
